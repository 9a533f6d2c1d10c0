"""What keeps the cached public event pages true: the "events" content
version moves, just after the commit, with any change to an event, a slot or
a booking (places left change with every booking), and a cached page is served only until the next
moment time alone changes one (booking opens or closes, an event starts or
ends)."""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, func, select, union_all
from sqlalchemy.orm import Session

from app.core.db import db, utcnow
from app.core.page_cache import bump_version_after
from app.events.models import Booking, Event, EventSlot

CONTENT = "events"
LISTED = ("published", "cancelled")


_CHANGED = "events_changed"


@event.listens_for(Session, "before_flush")
def _note_event_changes(session: Session, _context, _instances) -> None:
    # Every service that books, moves, cancels or edits flushes its objects,
    # so one listener sees them all.
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, Event | EventSlot | Booking) for obj in changed):
        session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    # After the commit, not inside it: a booking holds its event's row, and
    # holding the one version row too would make bookings for different
    # events queue behind each other (or deadlock, locked in turn).
    if session.info.pop(_CHANGED, False):
        bump_version_after(CONTENT)


@event.listens_for(Session, "after_rollback")
def _forget_event_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


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
