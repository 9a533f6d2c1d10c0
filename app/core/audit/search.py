"""Reading the log for /admin/audit: filters taken from the query string,
checked so that no value a person can type causes an error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.audit.actions import ACTION_LABELS
from app.core.audit.models import AuditEvent
from app.core.london_time import london_to_utc
from app.core.paging import page_number

PER_PAGE = 50
# Deep offsets are slow and nobody reads page 2,000; narrow the filters instead.
MAX_PAGE = 2000
# <input type="date"> sends 2026-03-31; browsers without a picker let people type 31/3/2026.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    if not 2000 <= year <= 2999:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _start_of(day: date) -> datetime:
    """Midnight in the council's time zone, as UTC."""
    return london_to_utc(day)


@dataclass
class AuditFilters:
    actor: str = ""
    action: str = ""
    reference: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    _from: date | None = None
    _to: date | None = None

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        found = cls(
            actor=args.get("actor", "").strip().lower()[:254],
            action=args.get("action", "") if args.get("action", "") in ACTION_LABELS else "",
            reference=" ".join(args.get("reference", "").split())[:120],
            date_from=args.get("from", "").strip()[:20],
            date_to=args.get("to", "").strip()[:20],
        )
        found.page = page_number(args.get("page"), last=MAX_PAGE)
        found._from = found._checked_date(found.date_from, "from")
        found._to = found._checked_date(found.date_to, "to")
        if found._from and found._to and found._to < found._from:
            found.errors["to"] = _("The ‘to’ date must be the same as or after the ‘from’ date")
            found._to = None
        return found

    def _checked_date(self, text: str, name: str) -> date | None:
        if not text:
            return None
        parsed = _parse_date(text)
        if parsed is None:
            self.errors[name] = _("Enter a real date, for example 31/3/2026")
        return parsed

    def conditions(self) -> list:
        where = []
        if self.actor:
            where.append(AuditEvent.actor_email == self.actor)
        if self.action:
            where.append(AuditEvent.action == self.action)
        if self.reference:
            # References are shown in capitals but people type them any way.
            where.append(AuditEvent.object_ref.in_({self.reference, self.reference.upper()}))
        if self._from:
            where.append(AuditEvent.occurred_at >= _start_of(self._from))
        if self._to:
            where.append(AuditEvent.occurred_at < _start_of(self._to + timedelta(days=1)))
        return where

    def query_args(self) -> dict[str, str]:
        """The filters as they go back into links, so paging keeps them."""
        args = {
            "actor": self.actor,
            "action": self.action,
            "reference": self.reference,
            "from": self.date_from,
            "to": self.date_to,
        }
        return {key: value for key, value in args.items() if value}


def search_events(session: Session, filters: AuditFilters) -> tuple[list[AuditEvent], int]:
    """One page of events, newest first, and how many match: two queries."""
    where = filters.conditions()
    total = session.scalar(select(func.count(AuditEvent.id)).where(*where)) or 0
    # A page past the end shows the last one, as the plan lists do.
    filters.page = min(filters.page, MAX_PAGE, max(1, -(-total // PER_PAGE)))
    events = session.scalars(
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(PER_PAGE)
        .offset((filters.page - 1) * PER_PAGE)
    ).all()
    return list(events), total
