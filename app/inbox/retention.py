"""How the inbox's copies of a record are scrubbed, and inbox items past
their own period anonymised.

The inbox copies every submission: the submitter's name and email, the
submission as text (also in the full-text index), and what staff wrote
about it (notes, status notes, replies). Those go; the item's kind, status,
dates, service area, flags and themes stay, so the workload and themes
reports still count it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from app.core.copies import (
    REMOVED,
    Copies,
    redact_text,
    register_copy_scrubber,
    register_outbox_releaser,
    scrub_copies,
)
from app.core.erasure import register_corrector
from app.core.retention import Due, Handler, register_handler
from app.inbox.models import InboxItem, InboxNote, InboxReply, InboxStatusChange


def scrub_inbox(session: Session, copies: Copies) -> int:
    conditions = []
    if copies.references:
        conditions.append(InboxItem.reference.in_(sorted(copies.references)))
    if copies.everywhere and copies.emails:
        conditions.append(func.lower(InboxItem.submitter_email).in_(sorted(copies.emails)))
    if not conditions:
        return 0
    ids = list(session.scalars(select(InboxItem.id).where(or_(*conditions))))
    if ids:
        _blank_items(session, ids, copies)
    changed = len(ids)
    # Erasure: notes on other items may mention the person by name.
    for value in copies.identifiers if copies.everywhere else ():
        wanted = value.lower()
        for note in session.scalars(
            select(InboxNote).where(func.lower(InboxNote.text).contains(wanted, autoescape=True))
        ):
            note.text = redact_text(note.text, copies.identifiers)
            changed += 1
    return changed


def _blank_items(session: Session, ids: list[int], copies: Copies) -> None:
    items = session.scalars(select(InboxItem).where(InboxItem.id.in_(ids)))
    for item in items:
        item.submitter_name = None
        item.submitter_email = None
        item.body_text = REMOVED
        item.subject = redact_text(item.subject, copies.identifiers) or ""
        if item.outcome:
            item.outcome = REMOVED
    session.execute(update(InboxNote).where(InboxNote.item_id.in_(ids)).values(text=REMOVED))
    session.execute(
        update(InboxStatusChange)
        .where(InboxStatusChange.item_id.in_(ids), InboxStatusChange.note.is_not(None))
        .values(note=REMOVED)
    )
    session.execute(
        update(InboxReply)
        .where(InboxReply.item_id.in_(ids))
        .values(to_address=REMOVED, body=REMOVED)
    )
    session.flush()
    _refresh_search_index(session)


def _refresh_search_index(session: Session) -> None:
    """SQLite's FTS5 index drops old words only when its segments merge:
    merge now, so the person's words are gone from the index files too.
    (PostgreSQL recomputes its generated column on update.)"""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql(
            "INSERT INTO inbox_item_fts(inbox_item_fts) VALUES ('optimize')"
        )


def release_outbox(session: Session, ids: list[int]) -> None:
    session.execute(
        update(InboxReply)
        .where(InboxReply.outbox_message_id.in_(ids))
        .values(outbox_message_id=None, to_address=REMOVED, body=REMOVED)
    )


def closed_items_due(session: Session, before: datetime) -> list[Due]:
    """Items closed before the cut-off that still name someone."""
    items = session.execute(
        select(
            InboxItem.id, InboxItem.reference, InboxItem.submitter_name, InboxItem.submitter_email
        )
        .where(
            InboxItem.closed_at < before,
            or_(InboxItem.submitter_email.is_not(None), InboxItem.body_text != REMOVED),
        )
        .order_by(InboxItem.id)
    ).all()

    def scrubber(row):
        def scrub(session: Session, reason: str) -> None:
            copies = Copies()
            copies.add(row.reference, row.submitter_name, row.submitter_email)
            scrub_copies(session, copies, reason=reason)

        return scrub

    return [Due(row.reference, scrubber(row)) for row in items]


def correct_email(session: Session, old: str, new: str) -> int:
    items = list(
        session.scalars(select(InboxItem).where(func.lower(InboxItem.submitter_email) == old))
    )
    for item in items:
        item.submitter_email = new
    return len(items)


def register() -> None:
    register_copy_scrubber("inbox", scrub_inbox)
    register_outbox_releaser("inbox_reply", release_outbox)
    register_handler(Handler("inbox_items", closed_items_due))
    register_corrector("inbox", correct_email)
