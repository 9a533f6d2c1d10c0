"""Varied, realistic free-text answers, made from parts, so the demo
consultations carry the numbers a real council sees: hundreds of adult and
young people's responses spread over each consultation's weeks, some with a
name and email address, some from organisations, some in Welsh, most adults
answering the equality questions. Analysis, suggested themes, reports and
retention then have something real to show, and the benchmark can make
200,000 answers from the same parts. Deterministic: the same seed always
gives the same answers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.consultations.models import Consultation, ConsultationResponse
from app.core.db import utcnow

DEMO_SLUG = "youth-club-evenings-and-weekends"
LIBRARY_SLUG = "library-opening-hours-2026"
# Enough answers for suggestions and for analysis by group (and few enough
# to load in seconds).
DEMO_ANSWERS = 400
# Online; the published outcome's count (412) takes in paper forms too.
LIBRARY_ANSWERS = 320

# What people raise, each in several wordings an adult or a young person might use.
SUBJECTS: dict[str, list[str]] = {
    "saturday": [
        "Saturday afternoons would suit us much better than Monday evenings",
        "Saturdays are when there is nothing to do, so open the clubs then",
        "12 till 5 on a Saturday fits around weekend jobs and football",
        "weekend sessions would be great because school nights are busy",
    ],
    "transport": [
        "the free bus from Marsh Lane is essential, there is no other bus on a Saturday",
        "we live out in the villages and the bus only runs every two hours",
        "a minibus pick up would help children who cannot walk to the hub",
        "bus fares are too expensive for families with three or four children",
    ],
    "safety": [
        "the walk home from Northgate is dark and the streets feel unsafe in winter",
        "better lighting on the path by the river so young people feel safe walking home",
        "parents worry about children travelling alone after dark",
        "there have been fights near the bus station so we need youth workers there",
    ],
    "activities": [
        "more music, art and drama sessions, not just football and pool",
        "a gaming night and coding club would bring older teenagers back",
        "cooking sessions teach real skills and everyone gets a hot meal",
        "trips to the seaside and climbing wall were the best thing last summer",
    ],
    "homework": [
        "homework help and quiet space with computers and wifi would really help",
        "some of us have nowhere quiet to revise, the club could have a study room",
        "internet access and laptops for coursework would make a big difference",
    ],
    "staff": [
        "the youth workers are brilliant and know every young person by name",
        "please keep the same staff, young people trust them and open up to them",
        "more youth workers are needed because sessions are too crowded",
    ],
    "cost": [
        "keep the clubs free, many families here cannot afford paid activities",
        "snacks and trips should stay free or cost very little",
        "paid activities would stop the children who need the club most",
    ],
    "inclusion": [
        "my son has autism and needs a calm quiet room and staff who understand",
        "wheelchair access at Hollinsby is poor, the toilets are upstairs",
        "a girls only session would help girls feel comfortable coming",
        "young carers can only come on certain days so keep some evenings",
    ],
    "evenings": [
        "Monday evenings are the only night my daughter can go, please do not cut it",
        "keep the weekday evening sessions, working parents cannot drive on Saturdays",
        "Thursday evening at Marsh Lane is a lifeline for our estate",
    ],
    "welsh": [
        "mae angen mwy o sesiynau clwb ieuenctid ar ddydd Sadwrn",
        "byddai bws am ddim i’r clwb ieuenctid yn help mawr i’r plant",
        "hoffwn i weld mwy o gerddoriaeth a chelf yn y clwb",
    ],
}
OPENERS = [
    "",
    "I think ",
    "Honestly, ",
    "As a parent, ",
    "As a youth worker, ",
    "From what my kids say, ",
    "For me ",
    "Speaking for our street, ",
]
YOUNG_OPENERS = ["", "I think ", "Me and my friends think ", "tbh ", "I reckon "]
CLOSERS = [
    "",
    ".",
    ". Thank you for asking.",
    ". Please listen to young people on this.",
    ". It would make a real difference.",
    "!",
    ". That is all.",
]


# The library opening hours consultation (closed, outcome published).
LIBRARY_SUBJECTS: dict[str, list[str]] = {
    "saturday": [
        "staying open until 4 on Saturdays means I can finally go after my shift",
        "longer Saturday hours are the best part of this, the library is packed by 1",
        "Saturday afternoon is the only time our family can visit together",
    ],
    "rhyme_time": [
        "a later start on weekdays would stop rhyme time, which my toddler loves",
        "baby rhyme time at 9:45 is how I met other new parents, please keep it",
        "parents with small children need the morning sessions, not later hours",
    ],
    "study": [
        "students need quiet space after school, home is too crowded to revise",
        "open until 7 in term time so sixth formers can use the computers",
        "the wifi and desks at Hollinsby are where I do all my coursework",
    ],
    "older_people": [
        "my mother walks to Northgate library every weekday morning, it is her routine",
        "older people use the library for company as much as books",
        "the large print and talking books service must not be cut back",
    ],
    "jobs": [
        "I use the computers to apply for jobs and need them in the morning",
        "help with online forms and Universal Credit happens at the library",
        "the job club on Tuesday mornings should keep its slot",
    ],
    "volunteers": [
        "the Friends group could help run extra hours with volunteers",
        "community volunteers already run the reading group, ask them",
    ],
    "welsh": [
        "mae oriau hirach ar ddydd Sadwrn yn wych i deuluoedd sy’n gweithio",
        "plîs cadwch amser rhigymau yn y bore, mae’r plant bach wrth eu bodd",
        "byddai’n dda cael lle tawel i astudio ar ôl ysgol",
    ],
}
BANKS = {
    DEMO_SLUG: (SUBJECTS, [9, 8, 6, 7, 4, 5, 4, 3, 4, 1]),
    LIBRARY_SLUG: (LIBRARY_SUBJECTS, [8, 6, 5, 5, 3, 2, 1]),
}

# Who writes: invented names; addresses use the reserved .example domain.
FIRST_NAMES = [
    "Dawn",
    "Gareth",
    "Priya",
    "Tom",
    "Siân",
    "Kwame",
    "Helen",
    "Mohammed",
    "Rhys",
    "Aisha",
    "Paul",
    "Lowri",
    "Chloe",
    "Imran",
    "Bethan",
    "Daniel",
    "Grace",
    "Tomasz",
    "Nia",
    "Joy",
]
LAST_NAMES = [
    "Pritchard",
    "Evans",
    "Shah",
    "Walker",
    "Hughes",
    "Boateng",
    "Price",
    "Akhtar",
    "Morgan",
    "Nowak",
    "Jenkins",
    "Okafor",
    "Davies",
    "Clarke",
    "Begum",
    "Lewis",
    "Turner",
    "Ali",
]
ORGANISATIONS = [
    "Northgate Residents' Forum",
    "Marsh Lane Tenants Association",
    "Elmsworth Parent Carer Forum",
    "Friends of Hollinsby Library",
    "Riverside Youth Football Club",
    "Elmsworth Young Carers",
    "St Mark's Church Hall Committee",
    "Elmsworth Pensioners' Action Group",
]


def answers(
    count: int,
    *,
    seed: int = 2026,
    bank: str = DEMO_SLUG,
    young_share: float = 0.25,
) -> Iterator[tuple[str, str]]:
    """(version, text) pairs from one consultation's `bank` of subjects:
    about `young_share` from a young person, most on one subject, some on two."""
    subjects_by_name, weights = BANKS[bank]
    rng = random.Random(seed)  # noqa: S311  (demo text, deterministic on purpose)
    subjects = list(subjects_by_name)
    for _ in range(count):
        young = rng.random() < young_share
        first, *more = rng.choices(subjects, weights, k=2 if rng.random() < 0.3 else 1)
        parts = [rng.choice(subjects_by_name[first])]
        for subject in more:
            if subject != first and "welsh" not in (first, subject):
                parts.append(rng.choice(subjects_by_name[subject]))
        opener = rng.choice(YOUNG_OPENERS if young else OPENERS)
        if first == "welsh":
            opener = ""
        text = opener + ", and ".join(parts) + rng.choice(CLOSERS)
        yield ("young_people" if young else "adult"), text[0].upper() + text[1:]


def _equality(rng: random.Random) -> dict[str, str]:
    """Most adults answer some equality questions; a few prefer not to say."""
    from app.consultations.choices import EQUALITY_QUESTIONS, PREFER_NOT

    given = {}
    for name, (_label, options) in EQUALITY_QUESTIONS.items():
        if rng.random() < 0.15:
            continue
        values = [value for value, _text in options]
        given[name] = PREFER_NOT[0] if rng.random() < 0.08 else rng.choice(values)
    given.pop("age_band", None)
    given["age_band"] = rng.choice(["25_34", "35_44", "35_44", "45_54", "55_64", "65_74"])
    return given


def _about(rng: random.Random, version: str, young_choices: list[str]) -> tuple[dict, dict]:
    """What a respondent says about themselves, and their equality answers."""
    if version == "young_people":
        return {"age_band": rng.choice(young_choices)}, {}
    if rng.random() < 0.1:
        return {
            "respondent_type": "organisation",
            "organisation_name": rng.choice(ORGANISATIONS),
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        }, {}
    about: dict = {"respondent_type": "individual"}
    if rng.random() < 0.2:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        about["name"] = f"{first} {last}"
        plain = f"{first}.{last}".lower().replace("â", "a")
        about["email"] = f"{plain}{rng.randint(1, 99)}@mail.example"
    return about, (_equality(rng) if rng.random() < 0.7 else {})


def _answer(rng: random.Random, question, text: str, version: str):
    # Choices are stored as option keys, so Welsh and English answers count together.
    keys = [option["key"] for option in question.options]
    if question.kind == "scale":
        return rng.choice(["strongly_agree", "agree", "agree", "neither", "disagree"])
    if question.kind == "single":
        return rng.choice(keys)
    if question.kind == "multiple":
        return rng.sample(keys, rng.randint(1, 2))
    if question.kind == "ranking":
        # Young people pick their top three rather than rank them all.
        picks = min(3, len(keys)) if version == "young_people" else len(keys)
        return rng.sample(keys, picks)
    if question.kind == "yes_no":
        return rng.choice(["yes", "yes", "no"])
    if question.kind == "free_text":
        return text
    return None


def _top_up(session: Session, slug: str, total: int, seed: int) -> int:
    """Top one consultation up to `total` responses through the real services
    (each one an inbox item, with its acknowledgement email where an address
    is given), each dated to a moment in the consultation's own weeks. A
    closed consultation is opened for the moment it takes, so the responses
    pass the same checks as any other. Adds nothing when it already has
    that many. Returns how many it added."""
    from app.consultations.responding import start_draft, submit_response
    from app.inbox.models import InboxItem

    consultation = session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None or consultation.status not in ("open", "closed"):
        return 0
    have = session.scalar(
        select(func.count(ConsultationResponse.id)).where(
            ConsultationResponse.consultation_id == consultation.id
        )
    )
    if have >= total:
        return 0
    now = utcnow()
    opens, closes = consultation.opens_at, consultation.closes_at
    last = min(now, closes) - timedelta(minutes=5)
    reopened = closes <= now
    if reopened:
        consultation.closes_at = now + timedelta(hours=1)
    rng = random.Random(seed)  # noqa: S311  (demo answers, deterministic on purpose)
    young_choices = ["11_13", "14_15", "14_15", "16_17"]
    written = list(answers(total, seed=2026 + seed, bank=slug))
    welsh_starts = tuple(phrase[:12].lower() for phrase in BANKS[slug][0]["welsh"])
    added = 0
    for index, (version, text) in enumerate(written):
        about, equality = _about(rng, version, young_choices)
        values = {
            str(question.id): value
            for question in consultation.questions
            if (value := _answer(rng, question, text, version)) is not None
        }
        welsh = text.lower().startswith(welsh_starts) or rng.random() < 0.06
        when = _moment(rng, opens, last, index, len(written))
        if index < have:
            continue
        if version == "young_people" and not consultation.young_people_version:
            version = "adult"
        draft, _token = start_draft(session, consultation, version)
        draft.data = {"about": about, "answers": values, "equality": equality}
        response = submit_response(session, consultation, draft, locale="cy" if welsh else "en")
        response.submitted_at = when
        item = session.get(InboxItem, response.inbox_item_id)
        if item is not None:
            item.received_at = when
        added += 1
    if reopened:
        consultation.closes_at = closes
    session.flush()
    return added


def _moment(
    rng: random.Random, opens: datetime, last: datetime, index: int, count: int
) -> datetime:
    """Spread over the weeks, busier near the start and the end, in waking hours."""
    share = (index + rng.random()) / count
    share = 0.5 + (share - 0.5) * abs(share - 0.5) * 2 if rng.random() < 0.3 else share
    moment = opens + (last - opens) * share
    return min(max(moment.replace(hour=rng.randint(7, 22)), opens), last)


def load_demo_free_text(session: Session, total: int = DEMO_ANSWERS) -> int:
    """Top the open youth club consultation and the closed library one up to
    their demo volumes. Returns how many responses it added."""
    return _top_up(session, DEMO_SLUG, total, seed=7) + _top_up(
        session, LIBRARY_SLUG, LIBRARY_ANSWERS, seed=11
    )
