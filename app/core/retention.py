"""The retention run: anonymise or delete what is past its period.

Each capability registers, from its own `init_app`, a `Handler` for the
kinds of record it keeps (the codes in `app.core.retention_policy.KINDS`):
a function that, given the moment before which a record is past its
period, lists the records due, each with the function that scrubs it
(through `app.core.copies`, so every copy goes too).

A record is kept to the end of the last day of its period, counted on the
council's (London) calendar: a consultation that closed on 3 March 2025
with a 2-year period is kept through 3 March 2027 and scrubbed by a run on
4 March 2027.

A record under a legal hold is skipped, and the run says so. Each record is
scrubbed in its own savepoint, so one that fails is reported and the rest
carry on. A dry run does everything but keep the changes.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.audit import record
from app.core.db import utcnow
from app.core.london_time import london_to_utc, london_today
from app.core.models import LegalHold, RetentionRun
from app.core.retention_policy import KINDS, Period, policy

log = logging.getLogger(__name__)


@dataclass
class Due:
    """One record past its period, and how to scrub it."""

    reference: str
    scrub: Callable[[Session, str], None]
    # The person's details the record holds: erasure looks for them in every
    # other copy once the records themselves are done.
    identifiers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Handler:
    kind: str
    # (session, before) -> records whose period ended before `before` (UTC).
    due: Callable[[Session, datetime], list[Due]]


HANDLERS: dict[str, Handler] = {}


def register_handler(handler: Handler) -> None:
    """Registering again (a second app in the same process) replaces the first."""
    HANDLERS[handler.kind] = handler


def minus(day: date, period: Period) -> date:
    """`day` less the period, calendar-wise (29 February less a year is 28 February)."""
    if period.unit == "days":
        return day - timedelta(days=period.amount)
    months = period.amount * (12 if period.unit == "years" else 1)
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(as_of: date, period: Period) -> datetime:
    """Records whose period started before this moment are past it on `as_of`.

    A period starting on day D ends with the last moment of D + period, so
    on `as_of` only records that started before the London midnight that
    begins `as_of` - period are due."""
    return london_to_utc(minus(as_of, period))


def held_references(session: Session) -> set[str]:
    return set(session.scalars(select(LegalHold.reference).where(LegalHold.lifted_at.is_(None))))


def run(
    session: Session,
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    started_by: str = "command",
) -> RetentionRun:
    """Apply the live policy to every kind, commit, and return the run's record."""
    as_of = as_of or london_today()
    periods = policy(session)
    held = held_references(session)
    counts: dict[str, dict] = {}
    errors: list[dict] = []
    started = utcnow()
    for code, kind in KINDS.items():
        handler = HANDLERS.get(code)
        entry = {"action": kind.action, "done": 0, "held": [], "automated": handler is not None}
        counts[code] = entry
        if handler is None:
            continue
        reason = f"retention: {code} past {periods[code].amount} {periods[code].unit}"
        for due in handler.due(session, cutoff(as_of, periods[code])):
            if due.reference in held:
                entry["held"].append(due.reference)
                continue
            savepoint = session.begin_nested()
            try:
                due.scrub(session, reason)
                session.flush()
            except Exception as error:  # one bad record must not stop the rest
                savepoint.rollback()
                log.exception("Retention could not scrub %s", due.reference)
                errors.append({"kind": code, "reference": due.reference, "error": str(error)[:300]})
                continue
            if dry_run:
                savepoint.rollback()
            else:
                savepoint.commit()
            entry["done"] += 1
    if dry_run:
        session.rollback()
    outcome = RetentionRun(
        started_at=started,
        finished_at=utcnow(),
        as_of=as_of,
        dry_run=dry_run,
        started_by=started_by,
        counts=counts,
        errors=errors,
    )
    session.add(outcome)
    done = sum(entry["done"] for entry in counts.values())
    skipped = sum(len(entry["held"]) for entry in counts.values())
    record(
        session,
        "retention.run",
        actor=None,
        request=None,
        object_type="retention_run",
        object_ref=f"retention {as_of.isoformat()}",
        summary=(
            f"{'Dry run: would have' if dry_run else 'Retention run:'} "
            f"anonymised or deleted {done} records; {skipped} on legal hold"
        ),
        details={"as_of": as_of.isoformat(), "dry_run": dry_run, "errors": len(errors)},
    )
    session.commit()
    return outcome


def run_if_due(session: Session, now: datetime | None = None) -> RetentionRun | None:
    """The worker's daily run: once per London day, whichever worker gets there."""
    today = london_today(now)
    already = session.scalar(
        select(RetentionRun.id).where(
            RetentionRun.as_of == today,
            RetentionRun.dry_run.is_(False),
            RetentionRun.started_by == "worker",
        )
    )
    if already is not None:
        return None
    return run(session, as_of=today, started_by="worker")


def recent_runs(session: Session, limit: int = 10) -> list[RetentionRun]:
    return list(
        session.scalars(
            select(RetentionRun)
            .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc())
            .limit(limit)
        )
    )
