"""Access and dietary needs given with a booking go once their short period
after the event ends: they may reveal health or religion, and were only
needed to run the day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.retention import Due, Handler, register_handler
from app.events.models import Booking, Event


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


def register() -> None:
    register_handler(Handler("event_access_needs", access_needs_due))
