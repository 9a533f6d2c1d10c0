"""Demo content for the Right to Challenge: Elmsworth's services open to
challenge, their windows and exclusions, and a few expressions of interest
at different stages. Sent through the same functions the public form and
the inbox use. Repeated runs add nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.challenges import decisions
from app.challenges.catalogue import add_window, create_service
from app.challenges.drafts import start_draft
from app.challenges.models import ChallengeService, ExpressionOfInterest
from app.challenges.submission import submit
from app.challenges.windows import council_today
from app.core.models import ServiceArea
from app.core.offline import offline_request_context

SERVICES = [
    {
        "name": "Hollinsby community library",
        "name_cy": "Llyfrgell gymunedol Hollinsby",
        "description": (
            "A branch library open five days a week, with a children's corner, public "
            "computers and a weekly baby rhyme time. About 28,000 visits a year."
        ),
        "description_cy": (
            "Llyfrgell gangen ar agor bum diwrnod yr wythnos, gyda chornel i blant, "
            "cyfrifiaduron cyhoeddus ac amser rhigymau wythnosol i fabanod."
        ),
        "area": "communities-and-leisure",
        "window": (-20, 40),
    },
    {
        "name": "Parks grounds maintenance (east)",
        "name_cy": "Cynnal a chadw tiroedd parciau (dwyrain)",
        "description": (
            "Grass cutting, planting, litter picking and small repairs in the eleven parks "
            "and greens east of the river."
        ),
        "description_cy": (
            "Torri gwair, plannu, casglu sbwriel a mân atgyweiriadau yn yr un parc ar ddeg "
            "a’r lawntiau i’r dwyrain o’r afon."
        ),
        "area": "environment-and-waste",
        "window": None,
    },
    {
        "name": "Coldwater youth centre",
        "name_cy": "Canolfan ieuenctid Coldwater",
        "description": (
            "Open-access youth sessions three evenings a week and a summer programme for "
            "young people aged 11 to 19."
        ),
        "description_cy": (
            "Sesiynau ieuenctid agored dair noson yr wythnos a rhaglen haf i bobl ifanc "
            "11 i 19 oed."
        ),
        "area": "children-and-families",
        "window": (45, 105),
    },
    {
        "name": "Community transport (dial-a-ride)",
        "name_cy": "Trafnidiaeth gymunedol (galw-am-daith)",
        "description": (
            "Door-to-door minibus trips booked by phone for residents who cannot use "
            "buses, mostly older and disabled people."
        ),
        "description_cy": (
            "Teithiau bws mini o ddrws i ddrws wedi’u trefnu dros y ffôn i drigolion na "
            "allant ddefnyddio bysiau."
        ),
        "area": "highways-and-transport",
        "window": (-120, -60),
    },
    {
        "name": "Reablement and intermediate care",
        "name_cy": "Ailalluogi a gofal canolraddol",
        "description": "Short-term care at home after a stay in hospital.",
        "description_cy": "Gofal byr gartref ar ôl cyfnod yn yr ysbyty.",
        "area": "adult-social-care",
        "excluded": True,
        "exclusion_reason": (
            "Run jointly with Elmsworth and District NHS Trust as one integrated team; "
            "splitting it would put patients leaving hospital at risk."
        ),
        "exclusion_reason_cy": (
            "Caiff ei redeg ar y cyd ag Ymddiriedolaeth GIG Elmsworth a’r Cylch fel un tîm "
            "integredig; byddai ei rannu’n peryglu cleifion sy’n gadael yr ysbyty."
        ),
    },
    {
        "name": "Community equipment service",
        "name_cy": "Gwasanaeth offer cymunedol",
        "description": "Hoists, beds and walking aids lent to people at home.",
        "description_cy": (
            "Teclynnau codi, gwelyau a chymhorthion cerdded a fenthycir i bobl gartref."
        ),
        "area": "adult-social-care",
        "excluded": True,
        "exclusion_reason": (
            "Commissioned with the integrated care board under a pooled budget "
            "(section 75 agreement) until March 2029."
        ),
        "exclusion_reason_cy": (
            "Wedi’i gomisiynu gyda’r bwrdd gofal integredig dan gyllideb gyfun "
            "(cytundeb adran 75) tan fis Mawrth 2029."
        ),
    },
]


def _answers(body_name, body_type, contact, email, service_id, **extra) -> dict:
    return {
        "body_name": body_name,
        "body_type": body_type,
        "registration_number": extra.pop("registration_number", ""),
        "contact_name": contact,
        "contact_role": extra.pop("contact_role", "Chair"),
        "contact_email": email,
        "contact_phone": "",
        "service_id": service_id,
        "partners_seen": True,
        **extra,
    }


def _eois(services: dict) -> list[dict]:
    library = services["Hollinsby community library"].id
    parks = services["Parks grounds maintenance (east)"].id
    return [
        {
            "answers": _answers(
                "Friends of Hollinsby Library",
                "charity",
                "Ruth Adeyemi",
                "chair@hollinsbylibraryfriends.example",
                library,
                registration_number="1190452",
                contact_role="Chair of trustees",
                area="Hollinsby ward and the villages of Upper and Lower Brook",
                financial_resources=(
                    "Unrestricted reserves of £42,000 (accounts to March 2026). A community "
                    "share offer has £18,500 pledged. Annual income about £31,000 from "
                    "book sales, the café and grants."
                ),
                capability=(
                    "Our volunteers have run the library's rota, home deliveries and "
                    "reading groups since 2019. Two trustees are retired librarians."
                ),
                delivered_by="The trust, with two paid staff and about 40 volunteers.",
                outcomes=(
                    "Opening on Saturdays, a homework club four days a week and a digital "
                    "help desk, with visits and loans reported every quarter."
                ),
                wellbeing=(
                    "Volunteering for 40 residents, a café run by local people and a warm "
                    "space in winter."
                ),
                users_needs=(
                    "Step-free access, a hearing loop, large-print and audio books and a "
                    "home library service for housebound readers."
                ),
                partners=[
                    {
                        "name": "Brook Valley Community Café CIC",
                        "role": "consortium",
                        "financial_resources": "Turnover of £96,000 and reserves of £12,000.",
                        "capability": "Has run the café in the library building since 2021.",
                    }
                ],
            ),
            "then": ("notify", 70),
        },
        {
            "answers": _answers(
                "East Parks Staff Group",
                "employees",
                "Dean Whitlock",
                "dean.whitlock@elmsworth.gov.example",
                parks,
                contact_role="Senior grounds operative",
                area="The eleven parks and greens east of the river",
                financial_resources=(
                    "As a new employee-led mutual we would have start-up support of £25,000 "
                    "from a social investment fund, subject to this expression of interest."
                ),
                capability=(
                    "The 14 of us run the service today. We hold the qualifications for "
                    "pesticide use and tree work, and we would lease the depot."
                ),
                delivered_by="A new mutual owned by the staff who run the service now.",
                outcomes=(
                    "Greener parks with more wildflower areas, faster repairs and fewer "
                    "complaints about litter."
                ),
                wellbeing="Local jobs kept, two apprenticeships a year and less use of weedkiller.",
                users_needs="Friends of parks groups would agree each park's yearly plan.",
                engagement=(
                    "Meetings at every depot, a staff vote before any transfer and a named "
                    "trade union contact throughout."
                ),
            ),
            "then": None,
        },
        {
            "answers": _answers(
                "Northgate Sports Association",
                "community",
                "Paul Grieve",
                "secretary@northgatesports.example",
                library,
                area="Northgate",
                financial_resources="Membership income of £6,000 a year; no reserves.",
                capability="We run two football teams and a bowls club.",
                delivered_by="Our committee.",
                outcomes="Use the building for sports clubs in the evenings.",
                wellbeing="More people taking part in sport.",
                users_needs="Keep some shelves of books.",
            ),
            "then": (
                "reject",
                ["inadequate"],
                "The expression of interest does not show how the library service itself "
                "would be run, and the financial information shows no resources to run it.",
            ),
        },
        {
            "answers": _answers(
                "Elmsworth Allotment and Gardens Federation",
                "community",
                "Priya Lal",
                "hello@elmsworthgardens.example",
                parks,
                area="Victoria Park and Mill Green",
                financial_resources="Reserves of £15,000; income of £22,000 from plot rents.",
                capability="Our members maintain 300 allotment plots across the borough.",
                delivered_by="The federation, with a contractor for grass cutting.",
                outcomes="Community growing spaces and better-kept flower beds.",
                wellbeing="Food growing, volunteering and outdoor activity for older people.",
                users_needs="Raised beds for wheelchair users and open days each season.",
            ),
            "then": (
                "modify",
                "Limit the proposal to Victoria Park, keeping Mill Green with the council's "
                "own team.",
                "Mill Green holds the borough's flood defence works, which need the council's "
                "own engineers; including it would otherwise mean rejection.",
            ),
        },
    ]


def load_demo_challenges(session: Session, actor: StaffUser | None) -> tuple[int, int]:
    """Returns (services added, expressions of interest added)."""
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = {s.name: s for s in session.scalars(select(ChallengeService))}
    today = council_today()
    added_services = 0
    for spec in SERVICES:
        if spec["name"] in existing:
            continue
        area = areas.get(spec["area"])
        service = create_service(
            session,
            {
                "name": spec["name"],
                "name_cy": spec["name_cy"],
                "description": spec["description"],
                "description_cy": spec["description_cy"],
                "service_area_id": area.id if area else None,
                "excluded": spec.get("excluded", False),
                "exclusion_reason": spec.get("exclusion_reason", ""),
                "exclusion_reason_cy": spec.get("exclusion_reason_cy", ""),
                "decision_period_days": 90,
                "procurement_min_months": 3,
                "procurement_max_months": 12,
            },
        )
        if spec.get("window"):
            start, end = spec["window"]
            add_window(session, service, today + timedelta(days=start), today + timedelta(days=end))
        existing[spec["name"]] = service
        added_services += 1
    session.flush()

    sent = set(session.scalars(select(ExpressionOfInterest.body_name)))
    added = 0
    with offline_request_context():
        for spec in _eois(existing):
            if spec["answers"]["body_name"] in sent:
                continue
            draft, token = start_draft(session, "en")
            draft.answers = spec["answers"]
            eoi = submit(session, draft, today, token)
            session.flush()
            _then(session, eoi, actor, spec["then"], today)
            added += 1
    return added_services, added


def _then(session, eoi, actor, then, today) -> None:
    if not then or actor is None:
        return
    if then[0] == "notify":
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=then[1]))
    elif then[0] == "reject":
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=30))
        decisions.reject(session, eoi, actor, then[1], then[2])
    elif then[0] == "modify":
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=45))
        decisions.propose_modification(session, eoi, actor, then[1], then[2])
