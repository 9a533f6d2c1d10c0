"""Event bookings: access and dietary needs go 30 days after the event (they
may reveal health or religion, and were only needed to run the day); who
came goes a year after it, or when the contact asks for erasure. The number
of places, the status and attendance marks stay, for planning the next
event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.copies import REMOVED, Copies, scrub_copies
from app.core.erasure import Eraser, register_eraser
from app.core.personal_data import Needle
from app.core.retention import Due, Handler, register_handler
from app.events.models import Attendee, Booking, Event
from app.suppliers.models import SupplierContact
from app.suppliers.retention import register_before_delete


def access_needs_due(session: Session, before: datetime) -> list[Due]:
    bookings = session.scalars(
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .where(Event.ends_at < before, or_(Booking.access_needs != "", Booking.dietary_needs != ""))
        .order_by(Booking.id)
    )

    def clearing(booking: Booking):
        def scrub(session: Session, reason: str) -> None:
            booking.access_needs = ""
            booking.dietary_needs = ""

        return scrub

    return [Due(booking.reference, clearing(booking)) for booking in bookings]


def _identifiers(booking: Booking) -> set[str]:
    values = {attendee.name for attendee in booking.attendees}
    if booking.contact is not None:
        values |= {booking.contact.name, booking.contact.email, booking.contact.phone}
    return {value for value in values if value and value != REMOVED}


def anonymise(session: Session, booking: Booking, reason: str) -> None:
    copies = Copies()
    copies.add(booking.reference, *_identifiers(booking))
    for attendee in booking.attendees:
        attendee.name = REMOVED
    booking.access_needs = booking.dietary_needs = ""
    booking.contact_id = None
    scrub_copies(session, copies, reason=reason)


def _scrubbing(booking: Booking) -> Due:
    return Due(
        booking.reference,
        lambda session, reason: anonymise(session, booking, reason),
        _identifiers(booking),
    )


def bookings_due(session: Session, before: datetime) -> list[Due]:
    bookings = session.scalars(
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .where(
            Event.ends_at < before,
            or_(
                Booking.contact_id.is_not(None),
                Booking.id.in_(select(Attendee.booking_id).where(Attendee.name != REMOVED)),
            ),
        )
        .order_by(Booking.id)
    )
    return [_scrubbing(booking) for booking in bookings]


def for_person(session: Session, needle: Needle) -> list[Due]:
    if needle.email is None and needle.reference is None:
        return []
    condition = (
        Booking.contact_id.in_(
            select(SupplierContact.id).where(func.lower(SupplierContact.email) == needle.email)
        )
        if needle.email
        else Booking.reference == needle.reference
    )
    bookings = session.scalars(select(Booking).where(condition).order_by(Booking.id))
    return [_scrubbing(booking) for booking in bookings]


def before_supplier_deleted(session: Session, supplier_ids: list[int], copies: Copies) -> None:
    """An organisation leaving the register takes its bookings with it."""
    bookings = list(session.scalars(select(Booking).where(Booking.supplier_id.in_(supplier_ids))))
    for booking in bookings:
        copies.add(booking.reference, *_identifiers(booking))
        session.delete(booking)
    session.flush()


def register() -> None:
    register_before_delete("event_bookings", before_supplier_deleted)
    register_handler(Handler("event_access_needs", access_needs_due))
    register_handler(Handler("event_bookings", bookings_due))
    register_eraser(Eraser("event_booking", for_person))
