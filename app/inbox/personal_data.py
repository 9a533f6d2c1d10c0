"""What the inbox holds about a person: the items they sent (their copy of
the submission, and anything staff wrote about it) and replies to them."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.personal_data import Holding, Needle, Source, any_of, register_source, rows_by
from app.inbox.models import InboxItem, InboxNote, InboxReply, InboxStatusChange


def find(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(
        needle.email_is(InboxItem.submitter_email),
        needle.reference_is(InboxItem.reference),
        needle.name_in(InboxItem.submitter_name),
    )
    if condition is None:
        return []
    # Replies to the address count even if the item names someone else.
    replied = needle.email_is(InboxReply.to_address)
    if replied is not None:
        condition = any_of(condition, InboxItem.id.in_(select(InboxReply.item_id).where(replied)))
    items = list(
        session.scalars(select(InboxItem).where(condition).order_by(InboxItem.received_at))
    )
    ids = [item.id for item in items]
    notes = rows_by(session.scalars(select(InboxNote).where(InboxNote.item_id.in_(ids))), "item_id")
    replies = rows_by(
        session.scalars(select(InboxReply).where(InboxReply.item_id.in_(ids))), "item_id"
    )
    changes = rows_by(
        session.scalars(select(InboxStatusChange).where(InboxStatusChange.item_id.in_(ids))),
        "item_id",
    )
    return [
        Holding(
            kind="inbox",
            reference=item.reference,
            when=item.received_at,
            summary=item.subject,
            link=url_for("inbox.item", reference=item.reference),
            data={
                "kind": item.kind,
                "subject": item.subject,
                "received_at": item.received_at,
                "status": item.status,
                "name": item.submitter_name,
                "email": item.submitter_email,
                "language": item.submitter_locale,
                "submission": item.body_text,
                "due_on": item.due_on,
                "outcome": item.outcome,
                "closed_at": item.closed_at,
                "themes": [tag.name for tag in item.tags],
                "notes": [
                    {"written_at": note.created_at, "text": note.text}
                    for note in notes.get(item.id, [])
                ],
                "replies": [
                    {"sent_at": reply.created_at, "to": reply.to_address, "message": reply.body}
                    for reply in replies.get(item.id, [])
                ],
                "history": [
                    {
                        "at": change.created_at,
                        "from": change.from_status,
                        "to": change.to_status,
                        "note": change.note,
                    }
                    for change in changes.get(item.id, [])
                ],
            },
        )
        for item in items
    ]


def register() -> None:
    register_source(Source("inbox", _l("Inbox items"), find, order=70))
