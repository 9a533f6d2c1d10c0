"""What events hold about a person: bookings made by them or their
organisation, the names of those attending, and access and dietary needs."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.core.personal_data import Holding, Needle, Source, any_of, register_source
from app.events.models import Attendee, Booking
from app.suppliers.personal_data import matching_suppliers


def find(session: Session, needle: Needle) -> list[Holding]:
    suppliers = matching_suppliers(needle)
    by_attendee = needle.name_in(Attendee.name)
    condition = any_of(
        Booking.supplier_id.in_(suppliers) if suppliers is not None else None,
        needle.reference_is(Booking.reference),
        Booking.id.in_(select(Attendee.booking_id).where(by_attendee))
        if by_attendee is not None
        else None,
    )
    if condition is None:
        return []
    bookings = session.scalars(
        select(Booking)
        .where(condition)
        .options(
            joinedload(Booking.event),
            joinedload(Booking.supplier),
            joinedload(Booking.contact),
            joinedload(Booking.slot),
            selectinload(Booking.attendees),
        )
        .order_by(Booking.created_at)
    )
    return [_holding(booking) for booking in bookings]


def _holding(booking: Booking) -> Holding:
    event = booking.event
    return Holding(
        kind="event_booking",
        reference=booking.reference,
        when=booking.created_at,
        summary=event.title,
        link=url_for("events_admin.show", event_id=event.id),
        data={
            "event": event.title,
            "starts_at": event.starts_at,
            "organisation": booking.supplier.name,
            "booked_by": {
                "name": booking.contact.name,
                "email": booking.contact.email,
            }
            if booking.contact
            else None,
            "status": booking.status,
            "places": booking.places,
            "attendees": [
                {"name": attendee.name, "attended": attendee.attended}
                for attendee in booking.attendees
            ],
            "access_needs": booking.access_needs,
            "dietary_needs": booking.dietary_needs,
            "meeting": {"with": booking.slot.buyer_name, "at": booking.slot.starts_at}
            if booking.slot
            else None,
            "booked_at": booking.created_at,
            "cancelled_at": booking.cancelled_at,
            "moved_from_waiting_list_at": booking.promoted_at,
        },
    )


def register() -> None:
    register_source(Source("event_booking", _l("Event bookings"), find, order=40))
