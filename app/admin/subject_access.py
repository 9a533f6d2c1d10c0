"""Subject access: everything the portal holds about one person, from every
capability's registered source, as a report and as JSON; and logging the
request in the inbox with the date the answer is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from app.core.audit import record
from app.core.db import utcnow
from app.core.london_time import london_to_utc
from app.core.personal_data import (
    Holding,
    Needle,
    Source,
    find_everything,
    one_calendar_month_from,
)
from app.inbox.kinds import Kind, register_kind
from app.inbox.models import InboxItem
from app.inbox.services import file_submission

KIND = "subject_access_request"


def register_request_kind() -> None:
    register_kind(Kind(KIND, "SAR", _l("Subject access request")))


@dataclass
class Findings:
    needle: Needle
    generated_at: datetime
    groups: list[tuple[Source, list[Holding]]]

    @property
    def total(self) -> int:
        return sum(len(holdings) for _source, holdings in self.groups)

    def counts(self) -> dict[str, int]:
        return {source.kind: len(holdings) for source, holdings in self.groups}

    def as_json(self) -> dict:
        return {
            "generated_at": self.generated_at.isoformat(),
            "query": {"text": self.needle.text, "kind": self.needle.kind},
            "holdings": [
                holding.as_json() for _source, holdings in self.groups for holding in holdings
            ],
        }


def search(session: Session, needle: Needle) -> Findings:
    return Findings(needle, utcnow(), find_everything(session, needle))


def log_request(session: Session, email: str, received: date) -> InboxItem:
    """File the request in the inbox, due one calendar month from the day it
    arrived; the caller commits. The audit entry names the item, not the person."""
    item = file_submission(
        session,
        kind=KIND,
        subject="Subject access request",
        submitter_email=email.strip().lower(),
        body_text=(
            f"A subject access request from {email.strip().lower()}, "
            f"received on {received.isoformat()}."
        ),
        received_at=london_to_utc(received),
    )
    item.due_on = one_calendar_month_from(received)
    record(
        session,
        "subject_access.logged",
        obj=item,
        summary="Logged a subject access request",
        details={"due_on": item.due_on.isoformat()},
    )
    return item
