"""Demo suppliers, meet-the-buyer events and bookings for the fictional
Elmsworth Borough Council, made through the capabilities' own services.
Repeated runs add nothing: each is looked up first by its email or slug."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.offline import offline_request_context
from app.events.models import Event
from app.events.services import book, save_event
from app.plans.models import PlanItem
from app.suppliers.models import SupplierContact
from app.suppliers.services import register_supplier

DEMO_SUPPLIERS = [
    {
        "profile": {
            "name": "Brookside Community Larder",
            "legal_form": "cio",
            "charity_number": "1190457",
            "company_number": None,
            "cdp_id": None,
            "staff_count": 3,
            "volunteer_count": 46,
            "turnover_band": "100k_to_1m",
            "balance_sheet_band": None,
            "is_vcse": True,
            "postcode": "EW4 7QJ",
            "service_area_slugs": ["adult-social-care", "communities-and-leisure"],
            "cpv_divisions": ["15", "98"],
            "alert_frequency": "weekly",
            "news_opt_in": True,
        },
        "contact": {
            "name": "Ama Mensah",
            "email": "ama.mensah@brooksidelarder.example",
            "phone": "01632 960 214",
        },
    },
    {
        "profile": {
            "name": "Kettering Lane Catering Ltd",
            "legal_form": "company_by_shares",
            "charity_number": None,
            "company_number": "09876543",
            "cdp_id": "GB-PPON-KLCT-4821-MXQA",
            "staff_count": 22,
            "volunteer_count": 0,
            "turnover_band": "1m_to_10m",
            "balance_sheet_band": "up_to_38m",
            "is_vcse": False,
            "postcode": "EW2 3LP",
            "service_area_slugs": ["children-and-families"],
            "cpv_divisions": ["15", "55"],
            "alert_frequency": "daily",
            "news_opt_in": False,
        },
        "contact": {
            "name": "Joe Hartley",
            "email": "joe@ketteringlanecatering.example",
            "phone": None,
        },
    },
    {
        "profile": {
            "name": "Coldwater Youth Trust",
            "legal_form": "registered_charity",
            "charity_number": "1054321",
            "company_number": "03456789",
            "cdp_id": None,
            "staff_count": 11,
            "volunteer_count": 30,
            "turnover_band": "100k_to_1m",
            "balance_sheet_band": None,
            "is_vcse": True,
            "postcode": "EW7 1DB",
            "service_area_slugs": ["children-and-families"],
            "cpv_divisions": ["80", "92", "98"],
            "alert_frequency": "weekly",
            "news_opt_in": False,
        },
        "contact": {
            "name": "Rhian Evans",
            "email": "rhian@coldwateryouth.example",
            "phone": "01632 960 877",
        },
    },
]


def _events(now) -> list[dict]:
    soon = (now + timedelta(days=21)).replace(hour=9, minute=30, second=0, microsecond=0)
    later = (now + timedelta(days=45)).replace(hour=13, minute=0, second=0, microsecond=0)
    past = (now - timedelta(days=40)).replace(hour=10, minute=0, second=0, microsecond=0)
    return [
        {
            "slug": "meet-the-buyer-care-and-support-at-home",
            "title": "Meet the buyer: care and support at home",
            "description_html": (
                "<p>Our adult social care commissioners will explain how we plan to buy home "
                "care from 2028, split into four localities, and what we want to hear from "
                "small and community providers.</p><p>There will be time for questions and "
                "short one-to-one meetings.</p>"
            ),
            "starts_at": soon,
            "ends_at": soon + timedelta(hours=3),
            "format": "in_person",
            "venue": "Elmsworth Civic Centre, Council Chamber, Market Street, Elmsworth EW1 1AA",
            "accessibility": (
                "Step-free entrance from Market Street. Hearing loop in the chamber. "
                "Accessible toilets on the ground floor. Blue badge parking behind the building."
            ),
            "joining_link": None,
            "capacity": 40,
            "places_per_organisation": 2,
            "booking_opens_at": now - timedelta(days=7),
            "booking_closes_at": soon - timedelta(days=2),
            "buyers_attending": "Sam Patel, Adult social care\nHelen Price, Procurement",
            "area": "adult-social-care",
            "plan_area": "adult-social-care",
            "slots": [
                ("Sam Patel", soon + timedelta(hours=2)),
                ("Helen Price", soon + timedelta(hours=2, minutes=20)),
            ],
            "status": "published",
        },
        {
            "slug": "online-briefing-youth-services",
            "title": "Online briefing: youth services and holiday activities",
            "description_html": (
                "<p>A one-hour online briefing on the youth services review and the holiday "
                "activities and food programme. Suitable for youth clubs, sports clubs and "
                "caterers.</p>"
            ),
            "starts_at": later,
            "ends_at": later + timedelta(hours=1),
            "format": "online",
            "venue": None,
            "accessibility": None,
            "joining_link": "https://meet.elmsworth.gov.example/youth-briefing",
            "capacity": 2,
            "places_per_organisation": 1,
            "booking_opens_at": now - timedelta(days=1),
            "booking_closes_at": later - timedelta(days=1),
            "buyers_attending": "Dylan Hughes, Children and families",
            "area": "children-and-families",
            "plan_area": "children-and-families",
            "slots": [],
            "status": "published",
        },
        {
            "slug": "meet-the-buyer-community-libraries",
            "title": "Meet the buyer: community libraries",
            "description_html": "<p>How community groups can run library services.</p>",
            "starts_at": past,
            "ends_at": past + timedelta(hours=2),
            "format": "in_person",
            "venue": "Hollinsby Library, Church Road, Hollinsby EW6 2HT",
            "accessibility": "Ground floor only. Accessible toilet.",
            "joining_link": None,
            "capacity": 25,
            "places_per_organisation": 2,
            "booking_opens_at": past - timedelta(days=30),
            "booking_closes_at": past - timedelta(days=1),
            "buyers_attending": "",
            "area": "communities-and-leisure",
            "plan_area": None,
            "slots": [],
            "status": "published",
        },
    ]


def load_demo_events(session: Session) -> tuple[int, int]:
    """Returns (suppliers added, events added)."""
    # Emails and inbox items link back to the portal; outside a request there is no host.
    with offline_request_context():
        return _load(session)


def _load(session: Session) -> tuple[int, int]:
    suppliers_added = 0
    contacts = {}
    for entry in DEMO_SUPPLIERS:
        email = entry["contact"]["email"]
        contact = session.scalar(select(SupplierContact).where(SupplierContact.email == email))
        if contact is None:
            supplier = register_supplier(session, entry["profile"], entry["contact"])
            session.flush()
            contact = supplier.contacts[0]
            suppliers_added += 1
        contacts[email] = contact

    now = utcnow()
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    events_added = 0
    for entry in _events(now):
        data = dict(entry)
        slug, status, area = data.pop("slug"), data.pop("status"), areas[data.pop("area")]
        plan_area = data.pop("plan_area")
        existing = session.scalar(select(Event).where(Event.slug == slug))
        if existing is not None:
            # Demo events made before events had areas get theirs; none is moved.
            if existing.service_area_id is None:
                existing.service_area_id = area.id
            continue
        data["service_area_id"] = area.id
        if plan_area:
            data["plan_item_ids"] = list(
                session.scalars(
                    select(PlanItem.id)
                    .join(PlanItem.service_area)
                    .where(PlanItem.status == "published")
                    .where(PlanItem.service_area.has(slug=plan_area))
                    .order_by(PlanItem.id)
                    .limit(2)
                )
            )
        event = save_event(session, None, data)
        event.slug = slug
        event.status = status
        session.flush()
        events_added += 1
        if entry["format"] == "online":
            # Full, with one organisation waiting.
            for email, name in (
                ("rhian@coldwateryouth.example", "Rhian Evans"),
                ("joe@ketteringlanecatering.example", "Joe Hartley"),
                ("ama.mensah@brooksidelarder.example", "Ama Mensah"),
            ):
                book(session, event.id, contacts[email], names=[name], now=now)
        elif event.starts_at > now:
            book(
                session,
                event.id,
                contacts["ama.mensah@brooksidelarder.example"],
                names=["Ama Mensah", "Tomasz Nowak"],
                access_needs="Tomasz uses a wheelchair.",
                dietary_needs="One vegetarian lunch.",
                slot_id=event.slots[0].id if event.slots else None,
                now=now,
            )
    return suppliers_added, events_added
