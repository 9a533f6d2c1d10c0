"""Creating events, booking places and cancelling them. Every function works
in the caller's transaction; booking and cancelling lock the event's row, so
capacity and per-organisation limits hold however many people book at once."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import datetime

from flask import url_for
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.core.sanitise import clean_html
from app.events import public_cache  # noqa: F401  (the content version follows every change)
from app.events.calendar import CANCEL, REQUEST, booking_attachment
from app.events.models import CANCELLED, CONFIRMED, WAITING, Attendee, Booking, Event, EventSlot
from app.inbox.services import file_submission
from app.plans.models import PlanItem
from app.suppliers.models import Supplier, SupplierContact
from app.suppliers.services import register_supplier


class BookingError(Exception):
    """Why a booking could not be made; `code` picks the message shown."""

    def __init__(self, code: str, **details) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-") or "event"


def _unique_slug(session: Session, title: str) -> str:
    base = _slugify(title)
    candidate, number = base, 1
    while session.scalar(select(exists().where(Event.slug == candidate))):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def save_event(session: Session, event: Event | None, data: dict) -> Event:
    """Create an event (event=None) or change one from the staff form's data."""
    action = "event.created" if event is None else "event.changed"
    data = dict(data)
    plan_ids = data.pop("plan_item_ids", [])
    slots = data.pop("slots", None)
    data["description_html"] = clean_html(data.get("description_html"))
    if "description_html_cy" in data:
        data["description_html_cy"] = clean_html(data["description_html_cy"])
    before = None if event is None else _calendar_facts(event)
    if event is None:
        event = Event(
            slug=_unique_slug(session, data["title"]),
            status="draft",
            places_taken=0,
            calendar_sequence=0,
        )
        session.add(event)
    else:
        event.calendar_sequence = (event.calendar_sequence or 0) + 1
    for name, value in data.items():
        setattr(event, name, value)
    event.plan_items = (
        list(session.scalars(select(PlanItem).where(PlanItem.id.in_(plan_ids)))) if plan_ids else []
    )
    if slots is not None:
        _replace_slots(session, event, slots)
    event.updated_at = utcnow()
    session.flush()
    audit.record(session, action, obj=event, summary=event.title)
    if before is not None:
        tell_bookers_of_change(session, event, before)
    return event


# What a booker's calendar entry shows: a change to any of them is sent to them.
CALENDAR_FACTS = ("title", "starts_at", "ends_at", "format", "venue", "joining_link")


def _calendar_facts(event: Event) -> dict:
    return {name: getattr(event, name) for name in CALENDAR_FACTS}


def tell_bookers_of_change(session: Session, event: Event, before: dict) -> int:
    """The event's title, time or place changed: email every confirmed booker
    a new calendar file (a REQUEST whose SEQUENCE is above any they were sent,
    RFC 5546 2.1.4), so their calendar moves the event rather than keeping the
    old one. save_event has already raised the event's sequence. Returns how
    many bookers were emailed."""
    changed = [name for name in CALENDAR_FACTS if before[name] != getattr(event, name)]
    if not changed or event.status == "cancelled":
        return 0
    bookings = session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == CONFIRMED)
        .order_by(Booking.id)
    ).all()
    for booking in bookings:
        _email(
            session,
            booking,
            "events/email/event_changed.txt",
            _locale(booking),
            calendar=REQUEST,
            changed=set(changed),
            old_title=before["title"],
        )
    if bookings:
        audit.record(
            session,
            "event.bookers_told_of_change",
            obj=event,
            summary=f"{', '.join(changed)}: {len(bookings)}",
        )
    return len(bookings)


STATUS_ACTIONS = {"publish": "published", "unpublish": "draft", "cancel": "cancelled"}


def change_status(session: Session, event: Event, action: str) -> int:
    """Publish, unpublish or cancel (`action`, a key of STATUS_ACTIONS).
    Returns how many people were emailed."""
    emailed = 0
    if action == "cancel":
        emailed = cancel_event(session, event)
    else:
        was_cancelled = event.status == "cancelled"
        event.status = STATUS_ACTIONS[action]
        event.calendar_sequence = (event.calendar_sequence or 0) + 1
        event.updated_at = utcnow()
        if was_cancelled and event.status == "published":
            emailed = tell_former_bookers(session, event)
    audit.record(session, f"event.{action}", obj=event, summary=event.title)
    return emailed


def _replace_slots(session: Session, event: Event, slots: list[tuple[str, datetime]]) -> None:
    """Keep slots that are unchanged (a booking may hold them), add the new ones."""
    wanted = {(name, when) for name, when in slots}
    for slot in list(event.slots):
        if (slot.buyer_name, slot.starts_at) not in wanted:
            event.slots.remove(slot)
    have = {(slot.buyer_name, slot.starts_at) for slot in event.slots}
    for name, when in slots:
        if (name, when) not in have:
            event.slots.append(EventSlot(buyer_name=name, starts_at=when))
            have.add((name, when))


def booking_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (
        event.status == "published"
        and event.booking_opens_at <= now < event.booking_closes_at
        and now < event.starts_at
    )


def _locked_event(session: Session, event_id: int) -> Event:
    # FOR UPDATE on PostgreSQL: bookings for one event queue here, one at a time.
    return session.execute(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def places_held(session: Session, event_id: int, supplier_id: int) -> int:
    """Places an organisation holds or waits for at an event."""
    return session.scalar(
        select(func.coalesce(func.sum(Booking.places), 0)).where(
            Booking.event_id == event_id,
            Booking.supplier_id == supplier_id,
            Booking.status.in_((CONFIRMED, WAITING)),
        )
    )


def free_slots(session: Session, event: Event) -> list[EventSlot]:
    taken = select(Booking.slot_id).where(
        Booking.event_id == event.id, Booking.status == CONFIRMED, Booking.slot_id.is_not(None)
    )
    return list(
        session.scalars(
            select(EventSlot)
            .where(EventSlot.event_id == event.id, EventSlot.id.not_in(taken))
            .order_by(EventSlot.starts_at)
        )
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def book(
    session: Session,
    event_id: int,
    contact: SupplierContact,
    *,
    names: list[str],
    access_needs: str = "",
    dietary_needs: str = "",
    slot_id: int | None = None,
    locale: str = "en",
    now: datetime | None = None,
    by_staff: bool = False,
    moved_from: Booking | None = None,
) -> Booking:
    """Book places for `names`, or put them on the waiting list when the
    event is full. Raises BookingError, leaving nothing saved, when booking
    has closed, the organisation would pass its limit, or the slot is gone.
    Staff booking for someone (`by_staff`) may do so after online booking
    closes, until the published event ends; every other rule is the same."""
    now = now or utcnow()
    event = _locked_event(session, event_id)
    staff_open = by_staff and event.status == "published" and now < event.ends_at
    if not (booking_open(event, now) or staff_open):
        raise BookingError("closed")
    places = len(names)
    if places < 1:
        raise BookingError("no_names")
    held = places_held(session, event.id, contact.supplier_id)
    if held + places > event.places_per_organisation:
        raise BookingError("organisation_limit", limit=event.places_per_organisation, held=held)
    slot = None
    if slot_id is not None:
        slot = next((s for s in free_slots(session, event) if s.id == slot_id), None)
        if slot is None:
            raise BookingError("slot_taken")

    # Conditional, so even without the lock no update can take more than is left.
    taken = session.execute(
        update(Event)
        .where(Event.id == event.id, Event.places_taken + places <= Event.capacity)
        .values(places_taken=Event.places_taken + places)
        .execution_options(synchronize_session=False)
    )
    confirmed = taken.rowcount == 1
    token = secrets.token_urlsafe(24)
    item = file_submission(
        session,
        kind="event_booking",
        subject=f"{event.title}: {contact.supplier.name}",
        # The booking (names, access needs) reaches the event's own area's staff.
        service_area=event.service_area,
        source_key=f"event:{event.id}",
        submitter_name=contact.name,
        submitter_email=contact.email,
        submitter_locale=locale,
        body_text="\n".join([*names, access_needs.strip(), dietary_needs.strip()]).strip(),
        received_at=now,
    )
    # Above every earlier booking of this organisation's (a cancelled one
    # included), so its calendar takes this booking over that cancellation.
    earlier = session.scalar(
        select(func.max(Booking.calendar_sequence)).where(
            Booking.event_id == event.id, Booking.supplier_id == contact.supplier_id
        )
    )
    booking = Booking(
        calendar_sequence=0 if earlier is None else earlier + 1,
        event_id=event.id,
        supplier_id=contact.supplier_id,
        contact_id=contact.id,
        status=CONFIRMED if confirmed else WAITING,
        places=places,
        access_needs=access_needs.strip(),
        dietary_needs=dietary_needs.strip(),
        # A waiting-list entry keeps the slot it asked for; it gets it on
        # promotion if nobody has booked it by then.
        slot=slot,
        reference=item.reference,
        cancel_token_hash=_hash(token),
        created_at=now,
        attendees=[Attendee(name=name) for name in names],
    )
    session.add(booking)
    session.flush()
    session.refresh(event)
    _email(
        session,
        booking,
        "events/email/confirmed.txt" if confirmed else "events/email/waiting.txt",
        locale,
        calendar=REQUEST if confirmed else None,
        cancel_url=url_for("events.cancel", token=token, _external=True),
        moved_from=moved_from,
    )
    return booking


def _still_booked(session: Session, booking: Booking) -> bool:
    """Whether the organisation has another confirmed booking at the event."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    Booking.event_id == booking.event_id,
                    Booking.supplier_id == booking.supplier_id,
                    Booking.status == CONFIRMED,
                    Booking.id != booking.id,
                )
            )
        )
    )


def register_and_book(
    session: Session,
    event_id: int,
    profile: dict,
    contact: dict,
    *,
    names: list[str],
    access_needs: str = "",
    dietary_needs: str = "",
    slot_id: int | None = None,
    locale: str = "en",
    now: datetime | None = None,
) -> tuple[Supplier, Booking]:
    """Register a new supplier and book its place (or waiting-list entry) in
    the caller's transaction: two inbox items and their emails, saved
    together or, if the booking is refused, not at all (the caller rolls
    back on BookingError). The caller has checked for duplicates."""
    supplier = register_supplier(session, profile, contact, locale)
    booking = book(
        session,
        event_id,
        supplier.contacts[0],
        names=names,
        access_needs=access_needs,
        dietary_needs=dietary_needs,
        slot_id=slot_id,
        locale=locale,
        now=now,
    )
    return supplier, booking


def booking_for_token(session: Session, token: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.cancel_token_hash == _hash(token)))


def cancel(session: Session, booking_id: int, now: datetime | None = None) -> Booking | None:
    """Cancel a booking and promote whoever is first on the waiting list, as
    far as the freed places go. None if it was already cancelled."""
    now = now or utcnow()
    booking = session.get(Booking, booking_id)
    event = _locked_event(session, booking.event_id)
    session.refresh(booking, with_for_update=True)
    if booking.status == CANCELLED:
        return None
    was_confirmed = booking.status == CONFIRMED
    booking.status = CANCELLED
    booking.cancelled_at = now
    booking.slot_id = None
    booking.calendar_sequence = (booking.calendar_sequence or 0) + 1
    if was_confirmed:
        event.places_taken -= booking.places
    session.flush()
    # Take the event out of their calendar, unless another of their bookings
    # still stands: the calendar holds one copy of the event for both.
    removal = was_confirmed and not _still_booked(session, booking)
    _email(
        session,
        booking,
        "events/email/cancelled.txt",
        _locale(booking),
        calendar=CANCEL if removal else None,
        calendar_removal=removal,
    )
    if was_confirmed:
        promote(session, event, now)
    return booking


def promote(session: Session, event: Event, now: datetime | None = None) -> list[Booking]:
    """Move bookings off the waiting list in the order they came, while they fit.
    The first that does not fit stops the queue: nobody jumps ahead."""
    now = now or utcnow()
    promoted = []
    waiting = session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == WAITING)
        .order_by(Booking.id)
    ).all()
    for booking in waiting:
        if event.places_taken + booking.places > event.capacity:
            break
        slot_lost = booking.slot_id is not None and booking.slot_id not in {
            slot.id for slot in free_slots(session, event)
        }
        if slot_lost:
            booking.slot_id = None
            booking.slot = None
        booking.status = CONFIRMED
        booking.promoted_at = now
        event.places_taken += booking.places
        # Seen by the next one's free_slots: two waiting for one slot cannot both get it.
        session.flush()
        promoted.append(booking)
        _email(
            session,
            booking,
            "events/email/promoted.txt",
            _locale(booking),
            calendar=REQUEST,
            slot_lost=slot_lost,
        )
    session.flush()
    return promoted


def _locale(booking: Booking) -> str:
    return booking.contact.locale if booking.contact else "en"


def _recipient(booking: Booking) -> str | None:
    if booking.contact:
        return booking.contact.email
    first = booking.supplier.contacts[:1]
    return first[0].email if first else None


def _email(
    session: Session,
    booking: Booking,
    template: str,
    locale: str,
    *,
    calendar: str | None = None,
    **extra,
) -> None:
    """Email the booker; `calendar` (REQUEST or CANCEL) attaches their own
    calendar file, addressed to them."""
    to = _recipient(booking)
    if to is None:
        return
    attachments = (
        [booking_attachment(booking, to, method=calendar, language=locale)] if calendar else []
    )
    event = booking.event
    subject, body = render_email(
        template,
        locale,
        event=event,
        booking=booking,
        event_url=url_for("events.detail", slug=event.slug, _external=True),
        ics_url=url_for("events.calendar", slug=event.slug, _external=True),
        account_url=url_for("suppliers.account", _external=True),
        **extra,
    )
    queue_email(
        session,
        to=to,
        subject=subject,
        body=body,
        locale=locale,
        reference=booking.reference,
        attachments=attachments,
        # The cancellation link is one-use.
        secret_links="cancel_url" in extra,
    )


def set_attendance(session: Session, attendee: Attendee, attended: bool | None) -> None:
    attendee.attended = attended
    answer = {True: "yes", False: "no"}.get(attended)
    audit.record(
        session,
        "event.attendance",
        obj=attendee.booking.event,
        summary=f"{attendee.name}: {answer}",
    )


def message_attendees(session: Session, event: Event, subject: str, message: str) -> int:
    """Email everyone with a confirmed booking, each in their own language."""
    bookings = session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == CONFIRMED)
    ).all()
    sent = 0
    for booking in bookings:
        to = _recipient(booking)
        if to is None:
            continue
        locale = _locale(booking)
        _subject, body = render_email(
            "events/email/message.txt",
            locale,
            event=event,
            message=message.strip(),
            event_url=url_for("events.detail", slug=event.slug, _external=True),
        )
        queue_email(
            session,
            to=to,
            subject=subject,
            body=body,
            locale=locale,
            reference=booking.reference,
        )
        sent += 1
    audit.record(session, "event.messaged", obj=event, summary=subject)
    return sent


def send_reminders(session: Session, now: datetime | None = None) -> int:
    """Remind confirmed bookings of events starting in the next two days, once."""
    from datetime import timedelta

    now = now or utcnow()
    events = session.scalars(
        select(Event).where(
            Event.status == "published",
            Event.reminders_sent_at.is_(None),
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(days=2),
        )
    ).all()
    count = 0
    for event in events:
        bookings = session.scalars(
            select(Booking).where(Booking.event_id == event.id, Booking.status == CONFIRMED)
        ).all()
        for booking in bookings:
            _email(
                session, booking, "events/email/reminder.txt", _locale(booking), calendar=REQUEST
            )
            count += 1
        event.reminders_sent_at = now
    return count


def live_bookings(session: Session, event: Event) -> list[Booking]:
    """Bookings that hold or wait for a place: who an event's cancellation reaches."""
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.event_id == event.id, Booking.status != CANCELLED)
            .order_by(Booking.id)
        )
    )


def cancel_event(session: Session, event: Event) -> int:
    """Cancel the event itself: every booking and waiting-list entry is
    cancelled with it, and each booker is emailed (a confirmed booking's
    email carries the file that takes the event out of their calendar).
    Returns how many bookings were told."""
    now = utcnow()
    event = _locked_event(session, event.id)
    event.status = "cancelled"
    event.updated_at = now
    event.calendar_sequence = (event.calendar_sequence or 0) + 1
    bookings = live_bookings(session, event)
    for booking in bookings:
        was_confirmed = booking.status == CONFIRMED
        booking.status = CANCELLED
        booking.cancelled_at = now
        booking.slot_id = None
        booking.cancelled_with_event = True
        booking.calendar_sequence = (booking.calendar_sequence or 0) + 1
        # Only a confirmed booking ever had the event in its calendar.
        _email(
            session,
            booking,
            "events/email/event_cancelled.txt",
            _locale(booking),
            calendar=CANCEL if was_confirmed else None,
            calendar_removal=was_confirmed,
        )
    event.places_taken = 0
    session.flush()
    return len(bookings)


def tell_former_bookers(session: Session, event: Event) -> int:
    """The event is published again after its cancellation. The bookings it
    cancelled stay cancelled (places may have changed, and nobody should be
    held to a place they were told was gone); each former booker is emailed
    once that the event is back, with the link to book again."""
    bookings = session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.cancelled_with_event.is_(True))
        .order_by(Booking.id)
    ).all()
    told: set[str] = set()
    for booking in bookings:
        booking.cancelled_with_event = False
        to = _recipient(booking)
        if to is None or to in told:
            continue
        told.add(to)
        _email(session, booking, "events/email/event_back.txt", _locale(booking))
    return len(told)


# Staff acting for someone: adding, moving and cancelling a booking. Each
# goes through book() and cancel() above, so capacity, the per-organisation
# limit and the waiting list are the public ones, and each is audited.


def contact_for(
    session: Session, *, name: str, email: str, organisation: str, locale: str
) -> SupplierContact:
    """The register's contact for `email`, or a new contact added to the
    registered organisation named `organisation`. Raises BookingError when
    the organisation is not on the register, or the address belongs to
    someone at another organisation."""
    email = email.strip().lower()
    supplier = session.scalar(
        select(Supplier).where(func.lower(Supplier.name) == organisation.strip().lower())
    )
    contact = session.scalar(select(SupplierContact).where(SupplierContact.email == email))
    if contact is not None:
        if supplier is not None and contact.supplier_id != supplier.id:
            raise BookingError("email_elsewhere", organisation=contact.supplier.name)
        return contact
    if supplier is None:
        raise BookingError("unknown_organisation")
    contact = SupplierContact(name=name.strip(), email=email, locale=locale)
    supplier.contacts.append(contact)
    session.flush()
    audit.record(session, "supplier.contact_added_by_staff", obj=supplier, summary=contact.name)
    return contact


def book_for(
    session: Session,
    event_id: int,
    *,
    name: str,
    email: str,
    organisation: str,
    names: list[str],
    locale: str = "en",
    access_needs: str = "",
    now: datetime | None = None,
) -> Booking:
    """Staff book places for someone who asked by phone, email or at the door."""
    contact = contact_for(session, name=name, email=email, organisation=organisation, locale=locale)
    booking = book(
        session,
        event_id,
        contact,
        names=names or [name.strip()],
        access_needs=access_needs,
        locale=contact.locale or locale,
        now=now,
        by_staff=True,
    )
    audit.record(
        session,
        "event.booking_added_by_staff",
        obj=booking.event,
        summary=f"{booking.reference}: {booking.places} ({booking.status})",
    )
    return booking


def move_booking(
    session: Session, booking_id: int, to_event_id: int, now: datetime | None = None
) -> Booking:
    """Move a booking to another event (another date of the same event, say).
    The new booking follows the public rules at its event; a confirmed place
    moves only to an event with room for it, so nobody loses a place for a
    waiting-list entry. The old booking is cancelled, which promotes whoever
    waits there. Returns the new booking."""
    now = now or utcnow()
    booking = session.get(Booking, booking_id)
    if booking.status == CANCELLED:
        raise BookingError("already_cancelled")
    if to_event_id == booking.event_id:
        raise BookingError("same_event")
    contact = booking.contact or (booking.supplier.contacts or [None])[0]
    if contact is None:
        raise BookingError("no_contact")
    # Both rows locked, the lower id first, so two moves cannot deadlock.
    for event_id in sorted((booking.event_id, to_event_id)):
        _locked_event(session, event_id)
    target = session.get(Event, to_event_id)
    if booking.status == CONFIRMED and target.places_left < booking.places:
        raise BookingError("full", left=target.places_left)
    moved = book(
        session,
        to_event_id,
        contact,
        names=[person.name for person in booking.attendees],
        access_needs=booking.access_needs,
        dietary_needs=booking.dietary_needs,
        locale=_locale(booking),
        now=now,
        by_staff=True,
        moved_from=booking,
    )
    cancel(session, booking.id, now)
    audit.record(
        session,
        "event.booking_moved_by_staff",
        obj=moved.event,
        summary=f"{booking.reference} -> {moved.reference}: {booking.event.title}",
    )
    return moved


def cancel_for(session: Session, booking_id: int, now: datetime | None = None) -> Booking | None:
    """Staff cancel a booking for someone: the booker is emailed in their
    language and the waiting list moves up, as when they cancel it themselves."""
    booking = cancel(session, booking_id, now)
    if booking is not None:
        audit.record(
            session,
            "event.booking_cancelled_by_staff",
            obj=booking.event,
            summary=booking.reference,
        )
    return booking
