"""Filing submissions into the inbox: the one call every capability makes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.references import new_reference
from app.inbox.kinds import KINDS
from app.inbox.models import InboxItem


class UnknownKindError(ValueError):
    pass


def file_submission(
    session: Session,
    *,
    kind: str,
    subject: str,
    service_area: ServiceArea | None = None,
    submitter_name: str | None = None,
    submitter_email: str | None = None,
    submitter_locale: str = "en",
    received_at: datetime | None = None,
) -> InboxItem:
    """Add a submission to the inbox in the caller's transaction.

    The caller commits, so the submission and its inbox item are saved
    together or not at all.
    """
    if kind not in KINDS:
        raise UnknownKindError(kind)
    received_at = received_at or utcnow()
    reference = _unused_reference(session, KINDS[kind].prefix, received_at)
    item = InboxItem(
        reference=reference,
        kind=kind,
        subject=subject[:300],
        service_area=service_area,
        received_at=received_at,
        status="new",
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        submitter_locale=submitter_locale,
    )
    session.add(item)
    session.flush()
    return item


def _unused_reference(session: Session, prefix: str, when: datetime) -> str:
    while True:
        reference = new_reference(prefix, when)
        taken = session.scalar(select(exists().where(InboxItem.reference == reference)))
        if not taken:
            return reference
