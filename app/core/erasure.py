"""Erasure: take one person's data out of the portal, everywhere, on request.

Capabilities register an `Eraser` that lists, for a `Needle` (an email
address or reference), the records of theirs that hold the person, each
with the function that scrubs it through `app.core.copies`. After them,
every remaining copy of the address (emails, inbox items, audit summaries)
is scrubbed too.

The decision is recorded in the audit log, with the reasons and the
references of the records, never the person's details: the log shows that
an erasure happened and why, not whom it was about. A request may be
refused (the council's public task needs the data): that is recorded too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.core.audit import CURRENT, record
from app.core.copies import Copies, scrub_copies
from app.core.personal_data import SOURCES, Needle, find_everything
from app.core.retention import Due, held_references

ERASED, REFUSED = "erased", "refused"


@dataclass(frozen=True)
class Eraser:
    kind: str
    find: Callable[[Session, Needle], list[Due]]


ERASERS: dict[str, Eraser] = {}


def register_eraser(eraser: Eraser) -> None:
    ERASERS[eraser.kind] = eraser


@dataclass
class Plan:
    """What an erasure would do: shown before anyone confirms it."""

    needle: Needle
    due: list[Due] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    # Kinds of record that hold the person but have no eraser yet: staff
    # must deal with them by hand, and are told so.
    by_hand: dict[str, int] = field(default_factory=dict)

    @property
    def by_hand_labels(self) -> list[str]:
        return [str(SOURCES[kind].label) for kind in self.by_hand if kind in SOURCES]

    @property
    def references(self) -> list[str]:
        return [due.reference for due in self.due]


def plan(session: Session, needle: Needle) -> Plan:
    held = held_references(session)
    result = Plan(needle)
    for eraser in ERASERS.values():
        for due in eraser.find(session, needle):
            (result.held.append(due.reference) if due.reference in held else result.due.append(due))
    # Emails and the audit log are scrubbed by address for everyone.
    for source, holdings in find_everything(session, needle):
        if (
            holdings
            and source.kind not in ERASERS
            and source.kind not in ("outbox", "audit", "inbox")
        ):
            result.by_hand[source.kind] = len(holdings)
    return result


def erase(session: Session, needle: Needle, *, reason: str, actor=CURRENT) -> Plan:
    """Scrub everything the plan found, record the decision; the caller commits."""
    found = plan(session, needle)
    why = "erasure: " + reason
    copies = Copies(everywhere=True)
    copies.add(None, needle.email)
    for due in found.due:
        copies.add(due.reference, *due.identifiers)
        due.scrub(session, why)
    # Then every other copy of their address and name, wherever it is.
    scrub_copies(session, copies, reason=why)
    record(
        session,
        "erasure.erase",
        actor=actor,
        object_type="erasure",
        object_ref=None,
        summary=f"Erased one person's data from {len(found.due)} records",
        details={
            "decision": ERASED,
            "reason": reason,
            "references": found.references,
            "on_legal_hold": found.held,
            "not_erased_by_hand": found.by_hand,
        },
    )
    return found


def refuse(session: Session, *, reason: str, references: list[str], actor=CURRENT) -> None:
    """Record that an erasure request was refused, and why; the caller commits."""
    record(
        session,
        "erasure.refuse",
        actor=actor,
        object_type="erasure",
        object_ref=None,
        summary="Refused a request to erase one person's data",
        details={"decision": REFUSED, "reason": reason, "references": references},
    )


# Capabilities that can put right a wrong email address register a function
# (session, old email, new email) -> records changed.
CORRECTORS: dict[str, Callable[[Session, str, str], int]] = {}


def register_corrector(kind: str, corrector: Callable[[Session, str, str], int]) -> None:
    CORRECTORS[kind] = corrector


def correct_email(
    session: Session, needle: Needle, new_email: str, *, reason: str, actor=CURRENT
) -> int:
    """Replace the person's email address in every record that can hold it;
    the caller commits. The audit entry keeps the decision, not the addresses."""
    changed = sum(correct(session, needle.email, new_email) for correct in CORRECTORS.values())
    record(
        session,
        "erasure.correct",
        actor=actor,
        object_type="erasure",
        object_ref=None,
        summary=f"Corrected one person's email address in {changed} records",
        details={"decision": "corrected", "reason": reason, "count": changed},
    )
    return changed
