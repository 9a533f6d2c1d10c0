"""Where the portal holds personal data: one registry every capability adds to.

Each capability registers, from its own `init_app`, a `Source` that finds
what it holds about a person from a `Needle` (an email address, a
reference, or part of a name or organisation). Subject access reads every
source; erasure and retention are meant to walk the same list, so a new
capability that stores people's details is found by all three the day it
registers here.

A source must run a fixed number of queries whatever it finds (load the
rows, then their children with `IN`), so a person with a thousand records
costs no more round trips than one with a single record.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, func, or_
from sqlalchemy.orm import Session

from app.core.references import normalise_reference

EMAIL, REFERENCE, NAME = "email", "reference", "name"
# Fewer letters than this match half the register.
MIN_NAME_LENGTH = 3


class NeedleError(ValueError):
    """What was typed cannot be searched for; the message says why."""


@dataclass(frozen=True)
class Needle:
    """What to look for, as typed and in the one form each kind matches on."""

    text: str
    kind: str

    @property
    def email(self) -> str | None:
        return self.text.lower() if self.kind == EMAIL else None

    @property
    def reference(self) -> str | None:
        return self.text if self.kind == REFERENCE else None

    @property
    def words(self) -> str | None:
        return self.text.lower() if self.kind == NAME else None

    def email_is(self, *columns) -> Any:
        """Any of `columns` is this email address, whatever its case (or no match)."""
        if self.email is None:
            return None
        return or_(*(func.lower(column) == self.email for column in columns))

    def reference_is(self, *columns) -> Any:
        if self.reference is None:
            return None
        return or_(*(column == self.reference for column in columns))

    def name_in(self, *columns) -> Any:
        """Any of `columns` contains the name, whatever its case (or no match)."""
        if self.words is None:
            return None
        return or_(
            *(func.lower(column).contains(self.words, autoescape=True) for column in columns)
        )

    def text_in(self, *columns) -> Any:
        """The email address or name appears anywhere in a text or JSON column:
        for copies of someone's details inside free text or stored answers."""
        wanted = self.email or self.words
        if wanted is None:
            return None
        return or_(
            *(
                func.lower(cast(column, String)).contains(wanted, autoescape=True)
                for column in columns
            )
        )

    def matches_text(self, *values: str | None) -> bool:
        """The same test in Python, for choosing among rows already loaded."""
        wanted = self.email or self.words or self.reference
        return any(value and wanted.lower() in str(value).lower() for value in values)


def any_of(*conditions) -> Any:
    """OR the conditions that apply to this needle; None when none do, so a
    source can skip its query rather than ask for nothing."""
    present = [condition for condition in conditions if condition is not None]
    return or_(*present) if present else None


def parse_needle(text: str | None) -> Needle:
    """Decide what kind of thing was typed. Raises NeedleError."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise NeedleError(_l("Enter an email address, name, reference or organisation"))
    if "@" in cleaned:
        local, _, domain = cleaned.partition("@")
        if not local or "." not in domain or " " in cleaned:
            raise NeedleError(
                _l("Enter an email address in the correct format, like name@example.com")
            )
        return Needle(cleaned, EMAIL)
    reference = normalise_reference(cleaned)
    if reference:
        return Needle(reference, REFERENCE)
    if len(cleaned) < MIN_NAME_LENGTH:
        raise NeedleError(_l("Enter at least 3 letters of a name or organisation"))
    return Needle(cleaned, NAME)


@dataclass
class Holding:
    """One record that holds something about the person."""

    kind: str
    reference: str
    when: datetime | date | None
    summary: str
    # Everything the record holds about the person, ready to export as JSON.
    data: dict = field(default_factory=dict)
    # Where staff can see the record in the portal, if anywhere.
    link: str | None = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "reference": self.reference,
            "when": self.when.isoformat() if self.when else None,
            "summary": self.summary,
            "data": plain(self.data),
        }

    def readable_data(self) -> dict:
        return plain(self.data, keep_dates=True)


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any
    find: Callable[[Session, Needle], list[Holding]]
    # Shown in this order; capabilities first, the portal's own records last.
    order: int = 50


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Let a capability say where it keeps personal data. Registering again
    (a second app in the same process) replaces the first."""
    SOURCES[source.kind] = source


def sources() -> list[Source]:
    return sorted(SOURCES.values(), key=lambda source: (source.order, source.kind))


def find_everything(session: Session, needle: Needle) -> list[tuple[Source, list[Holding]]]:
    """Every source's holdings, in the order sources are shown."""
    return [(source, source.find(session, needle)) for source in sources()]


def plain(value: Any, *, keep_dates: bool = False) -> Any:
    """`value` as JSON can hold it: dates as ISO text (or kept, for a page to
    show in words), translations as text."""
    if isinstance(value, dict):
        return {str(key): plain(item, keep_dates=keep_dates) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item, keep_dates=keep_dates) for item in value]
    if isinstance(value, datetime | date):
        return value if keep_dates else value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def one_calendar_month_from(received: date) -> date:
    """The day a rights request must be answered by, counted as the ICO does:
    the same day of the next month, or that month's last day when it has no
    such day (31 January gives 28 or 29 February)."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(received.day, last))


def rows_by(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    """Children grouped by their parent's id, from one `IN` query."""
    grouped: dict[Any, list[Any]] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped
