"""What keeps the cached public event pages true: the "events" content
version moves with any change to an event, a slot or a booking (places left
change with every booking), and a cached page is served only until the next
moment time alone changes one (booking opens or closes, an event starts or
ends)."""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, func, select, union_all
from sqlalchemy.orm import Session

from app.core.db import db, utcnow
from app.core.page_cache import bump_version
from app.events.models import Booking, Event, EventSlot

CONTENT = "events"
LISTED = ("published", "cancelled")


@event.listens_for(Session, "before_flush")
def _events_changed(session: Session, _context, _instances) -> None:
    # Every service that books, moves, cancels or edits flushes its objects,
    # so one listener covers them all, in the same transaction.
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, Event | EventSlot | Booking) for obj in changed):
        bump_version(session, CONTENT)


def next_event_change() -> float | None:
    """Seconds since the epoch of the next moment a listed event's booking
    opens or closes, or the event starts or ends; None if there is none."""
    now = utcnow()
    moments = [
        select(func.min(column)).where(Event.status.in_(LISTED), column > now)
        for column in (Event.booking_opens_at, Event.booking_closes_at, Event.starts_at,
                       Event.ends_at)
    ]  # fmt: skip
    found = db.session.scalars(union_all(*moments)).all()
    upcoming = [moment for moment in found if moment is not None]
    return min(upcoming).timestamp() if upcoming else None
