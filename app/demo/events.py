"""Demo suppliers, meet-the-buyer events and bookings for the fictional
Elmsworth Borough Council, made through the capabilities' own services.
Repeated runs add nothing: each is looked up first by its email or slug."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.offline import offline_request_context
from app.demo.content import read
from app.events.models import Event
from app.events.services import book, save_event
from app.plans.models import PlanItem
from app.suppliers.models import SupplierContact
from app.suppliers.services import register_supplier


def _at(now: datetime, days: int, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return (now + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)


def _events(now: datetime) -> list[dict]:
    """The events' fields as `save_event` takes them, timed from `now`."""
    events = []
    for spec in read("events")["events"]:
        data = dict(spec)
        starts = _at(now, data["starts"]["in_days"], data.pop("starts")["at"])
        data["starts_at"] = starts
        data["ends_at"] = starts + timedelta(hours=data.pop("hours"))
        if "booking_opens_in_days" in data:
            data["booking_opens_at"] = now + timedelta(days=data.pop("booking_opens_in_days"))
        else:
            data["booking_opens_at"] = starts - timedelta(
                days=data.pop("booking_opens_days_before")
            )
        data["booking_closes_at"] = starts - timedelta(days=data.pop("booking_closes_days_before"))
        data["slots"] = [
            (slot["buyer"], starts + _duration(slot["after_start"])) for slot in data["slots"]
        ]
        events.append(data)
    return events


def _duration(clock: str) -> timedelta:
    hours, minutes = (int(part) for part in clock.split(":"))
    return timedelta(hours=hours, minutes=minutes)


# More organisations that book the in-person events, so the attendee list,
# check-in and exports look as they would. Invented; .example addresses.
MORE_ORGANISATIONS = [
    ("Hollinsby Community Transport", "Carys Lloyd"),
    ("Elmsworth Carers Centre", "Marcus Reid"),
    ("Northgate Men's Shed", "Dennis Walker"),
    ("Riverside Family Hub CIC", "Priya Shah"),
    ("Marsh Lane Community Kitchen", "Hannah Okafor"),
    ("Elmsworth Mind", "Owen Price"),
    ("Age Concern Elmsworth", "Margaret Hughes"),
    ("Greenway Home Support Ltd", "Sam Begum"),
    ("Elmsworth Literacy Volunteers", "Ffion Davies"),
    ("Brightstart Play Association", "Kwame Boateng"),
    ("St Mark's Lunch Club", "Ruth Jenkins"),
    ("Elmsworth Deaf Club", "Adam Turner"),
    ("Hollinsby Gardening Project", "Lowri Morgan"),
    ("Eastside Advice Centre", "Imran Akhtar"),
]


def _slug(name: str) -> str:
    return "".join(letter for letter in name.lower() if letter.isalnum())[:30]


def _more_contacts(session: Session) -> tuple[list[SupplierContact], int]:
    """The extra organisations, registered once (looked up by email), and
    how many were registered now."""
    contacts, added = [], 0
    for number, (name, person) in enumerate(MORE_ORGANISATIONS):
        email = f"{person.split()[0].lower()}@{_slug(name)}.example"
        contact = session.scalar(select(SupplierContact).where(SupplierContact.email == email))
        if contact is None:
            profile = {
                "name": name,
                "legal_form": "cio",
                "charity_number": str(1170100 + number * 37),
                "company_number": None,
                "cdp_id": None,
                "staff_count": 2 + number % 9,
                "volunteer_count": 5 + number * 3,
                "turnover_band": "under_100k" if number % 3 else "100k_to_1m",
                "balance_sheet_band": None,
                "is_vcse": True,
                "postcode": f"EW{1 + number % 7} {number % 9}QA",
                "service_area_slugs": ["adult-social-care", "communities-and-leisure"],
                "cpv_divisions": ["85"],
                "alert_frequency": "weekly",
                "news_opt_in": number % 2 == 0,
            }
            supplier = register_supplier(
                session, profile, {"name": person, "email": email, "phone": None}
            )
            session.flush()
            contact = supplier.contacts[0]
            added += 1
        contacts.append(contact)
    return contacts, added


GUESTS = ["Alex Reid", "Bethan Ellis", "Chris Doyle", "Dee Patel", "Eleri Rees", "Femi Ade"]


def _book_many(session: Session, event: Event, contacts: list[SupplierContact], now) -> None:
    """Realistic bookings: most organisations one place, some two. A past
    event is booked as it was at the time, and who came is marked."""
    rng = random.Random(event.slug)  # noqa: S311  (demo bookings, deterministic on purpose)
    past = event.ends_at <= now
    when = event.booking_opens_at + timedelta(days=2) if past else now
    for contact in contacts:
        if rng.random() < 0.2:
            continue
        names = [contact.name]
        if event.places_per_organisation > 1 and rng.random() < 0.4:
            names.append(rng.choice(GUESTS))
        booking = book(session, event.id, contact, names=names, now=when)
        if past and booking.status == "confirmed":
            for person in booking.attendees:
                person.attended = rng.random() < 0.8


def load_demo_events(session: Session) -> tuple[int, int]:
    """Returns (suppliers added, events added)."""
    # Emails and inbox items link back to the portal; outside a request there is no host.
    with offline_request_context():
        return _load(session)


def _load(session: Session) -> tuple[int, int]:
    suppliers_added = 0
    contacts = {}
    for entry in read("suppliers")["suppliers"]:
        email = entry["contact"]["email"]
        contact = session.scalar(select(SupplierContact).where(SupplierContact.email == email))
        if contact is None:
            supplier = register_supplier(session, entry["profile"], entry["contact"])
            session.flush()
            contact = supplier.contacts[0]
            suppliers_added += 1
        contacts[email] = contact

    more, added = _more_contacts(session)
    suppliers_added += added
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
            # Nor before they had Welsh: it is added where still empty.
            for name, value in data.items():
                if name.endswith("_cy") and value and not getattr(existing, name):
                    setattr(existing, name, value)
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
            for booking in read("events")["online_bookings"]:
                book(
                    session, event.id, contacts[booking["email"]], names=[booking["name"]], now=now
                )
        elif event.starts_at > now:
            booking = read("events")["in_person_booking"]
            book(
                session,
                event.id,
                contacts[booking["email"]],
                names=booking["names"],
                access_needs=booking["access_needs"],
                dietary_needs=booking["dietary_needs"],
                slot_id=event.slots[0].id if event.slots else None,
                now=now,
            )
        if entry["format"] != "online":
            _book_many(session, event, more, now)
    return suppliers_added, events_added
