"""Take a person's direct identifiers out of every copy of their records.

A submission is stored by its capability, and copied: into the inbox item
(its body, notes, replies and the full-text index built from them), into
the outbox (the acknowledgement and any reply, with their recipients) and
into the audit log (summaries and before/after details). Scrubbing only the
capability's own row would leave the person in all of those, so each
capability scrubs its own rows and then hands `scrub_copies` a `Copies`:
the references of the records and the identifiers (name, email, phone,
organisation contact) to remove everywhere else.

What analysis needs is kept: choices, scores, counts, dates, service area,
inbox status and themes. Free text in the inbox (the body, notes and
replies) may name anyone, so it goes as a whole rather than word by word.

Nothing here commits: the caller's transaction holds the whole erasure, so
it happens everywhere or nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.core.audit.guards import redaction_permit
from app.core.audit.models import AuditEvent
from app.core.outbox.models import OutboxAttachment, OutboxMessage

# What stands where a person's details were: says something was taken out
# on purpose, and is the same in every table so a check can look for it.
REMOVED = "[removed]"
# Shorter than this, an "identifier" ("Jo", "UK") would strike out ordinary words.
MIN_IDENTIFIER = 4
# Keys whose values are a person's details wherever they appear in stored JSON.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "email",
        "phone",
        "address",
        "postal_address",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_role",
        "organisation",
        "organisation_name",
        "submitter_name",
        "submitter_email",
        "to",
        "to_address",
        "body",
        "body_text",
        "note",
        "text",
    }
)


# Capabilities that keep copies of others' records (the inbox) register a
# step here: name -> function(session, copies) -> rows changed.
COPY_SCRUBBERS: dict[str, Callable[[Session, Copies], int]] = {}
# Tables that point at outbox rows register a function that lets go of
# them (sets the link to NULL) before the rows are deleted.
OUTBOX_RELEASERS: dict[str, Callable[[Session, list[int]], None]] = {}


def register_copy_scrubber(name: str, scrubber: Callable[[Session, Copies], int]) -> None:
    COPY_SCRUBBERS[name] = scrubber


def register_outbox_releaser(name: str, release: Callable[[Session, list[int]], None]) -> None:
    OUTBOX_RELEASERS[name] = release


@dataclass
class Copies:
    """What to take out of the copies of some records."""

    references: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    # Retention scrubs only the copies of the records themselves (the person
    # may have other records still kept); erasure also finds copies by the
    # person's address and name wherever they are.
    everywhere: bool = False

    def add(self, reference: str | None = None, *identifiers: str | None) -> None:
        if reference:
            self.references.add(reference)
        for value in identifiers:
            cleaned = " ".join((value or "").split())
            if len(cleaned) >= MIN_IDENTIFIER:
                self.identifiers.add(cleaned)

    def __bool__(self) -> bool:
        return bool(self.references or self.identifiers)

    @property
    def emails(self) -> set[str]:
        return {value.lower() for value in self.identifiers if "@" in value}


def redact_text(text: str | None, identifiers: set[str]) -> str | None:
    """`text` with every identifier replaced, whatever its case."""
    if not text or not identifiers:
        return text
    pattern = "|".join(re.escape(value) for value in sorted(identifiers, key=len, reverse=True))
    return re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)


def redact_json(value: Any, identifiers: set[str], *, personal: bool = False) -> Any:
    """Stored JSON with personal values removed: every string under a
    personal key, and any identifier inside other strings."""
    if isinstance(value, dict):
        return {
            key: redact_json(item, identifiers, personal=str(key).lower() in PERSONAL_KEYS)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item, identifiers, personal=personal) for item in value]
    if isinstance(value, str):
        return REMOVED if personal and value else redact_text(value, identifiers)
    return value


def scrub_copies(session: Session, copies: Copies, *, reason: str) -> dict[str, int]:
    """Remove the identifiers from the inbox, outbox and audit log copies of
    the records. Returns how many rows of each were changed."""
    if not copies:
        return {}
    counts = {
        "outbox": _scrub_outbox(session, copies),
        "audit": _scrub_audit(session, copies, reason),
    }
    # Capabilities that keep copies (the inbox) add their own step.
    for name, scrubber in COPY_SCRUBBERS.items():
        counts[name] = scrubber(session, copies)
    return counts


def _scrub_outbox(session: Session, copies: Copies) -> int:
    """Emails about the records, or to the person, go: their bodies repeat what
    the record held, and one still waiting must not be sent afterwards."""
    conditions = []
    if copies.references:
        conditions.append(OutboxMessage.reference.in_(sorted(copies.references)))
    if copies.everywhere and copies.emails:
        conditions.append(func.lower(OutboxMessage.to_address).in_(sorted(copies.emails)))
    if not conditions:
        return 0
    ids = list(session.scalars(select(OutboxMessage.id).where(or_(*conditions))))
    if not ids:
        return 0
    for release in OUTBOX_RELEASERS.values():
        release(session, ids)
    session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(ids)))
    session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    return len(ids)


def _scrub_audit(session: Session, copies: Copies, reason: str) -> int:
    """The log keeps that something happened, and who on the staff did it;
    the person's details go from its summary and details."""
    conditions = []
    if copies.references:
        conditions.append(AuditEvent.object_ref.in_(sorted(copies.references)))
    for value in copies.identifiers if copies.everywhere else ():
        wanted = value.lower()
        conditions.append(func.lower(AuditEvent.summary).contains(wanted, autoescape=True))
        conditions.append(
            func.lower(cast(AuditEvent.details, String)).contains(wanted, autoescape=True)
        )
        conditions.append(func.lower(AuditEvent.object_ref) == wanted)
        conditions.append(func.lower(AuditEvent.actor_email) == wanted)
    if not conditions:
        return 0
    rows = session.execute(
        select(
            AuditEvent.id,
            AuditEvent.summary,
            AuditEvent.details,
            AuditEvent.object_ref,
            AuditEvent.actor_email,
        ).where(or_(*conditions))
    ).all()
    if not rows:
        return 0
    # The ORM's copies of these rows are about to be stale.
    with redaction_permit(session, reason):
        connection = session.connection()
        for row in rows:
            object_ref = row.object_ref
            if object_ref and object_ref.lower() in {v.lower() for v in copies.identifiers}:
                object_ref = REMOVED
            # A former member of staff: the entry keeps their account id.
            actor_email = row.actor_email
            if actor_email and actor_email.lower() in copies.emails:
                actor_email = REMOVED
            connection.execute(
                update(AuditEvent.__table__)
                .where(AuditEvent.__table__.c.id == row.id)
                .values(
                    summary=redact_text(row.summary, copies.identifiers) or "",
                    details=redact_json(row.details, copies.identifiers)
                    if row.details is not None
                    else None,
                    object_ref=object_ref,
                    actor_email=actor_email,
                )
            )
    for obj in list(session.identity_map.values()):
        if isinstance(obj, AuditEvent):
            session.expire(obj)
    return len(rows)
