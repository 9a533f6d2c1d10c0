"""Whether a service takes expressions of interest today, and if not, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.challenges.choices import DEFAULT_DECISION_PERIOD_DAYS, NOTIFY_WITHIN_DAYS
from app.challenges.models import ChallengeService, ChallengeWindow
from app.core.london_time import london_today

ANY_TIME = "any_time"
OPEN = "open"
OPENS = "opens"
CLOSED = "closed"
EXCLUDED = "excluded"


def council_today(now: datetime | None = None) -> date:
    """Windows open and close on the council's calendar, not UTC's."""
    return london_today(now)


@dataclass(frozen=True)
class Availability:
    state: str
    # The window open now, or the next one to open.
    window: ChallengeWindow | None = None

    @property
    def accepting(self) -> bool:
        return self.state in (ANY_TIME, OPEN)


def availability(service: ChallengeService, today: date) -> Availability:
    if service.excluded:
        return Availability(EXCLUDED)
    if not service.windows:
        return Availability(ANY_TIME)
    for window in service.windows:
        if window.opens_on <= today <= window.closes_on:
            return Availability(OPEN, window)
    upcoming = [w for w in service.windows if w.opens_on > today]
    if upcoming:
        return Availability(OPENS, min(upcoming, key=lambda w: w.opens_on))
    return Availability(CLOSED)


def notify_by(received_on: date, window: ChallengeWindow | None) -> date:
    """The date by which the council must tell the body when it will decide.

    An EOI sent in a window is considered with the others sent in it, so the
    30 days run from the window's close (Localism Act s.84(4)).
    """
    start = window.closes_on if window is not None else received_on
    return start + timedelta(days=NOTIFY_WITHIN_DAYS)


def decision_period_ends(
    service: ChallengeService | None, received_on: date, window: ChallengeWindow | None
) -> date:
    """The last day of the council's published decision period (Localism Act
    2011 s.84(4)): the service's own period, or the council's default for a
    service it has not listed, counted like the 30 days above."""
    start = window.closes_on if window is not None else received_on
    days = service.decision_period_days if service is not None else DEFAULT_DECISION_PERIOD_DAYS
    return start + timedelta(days=days)
