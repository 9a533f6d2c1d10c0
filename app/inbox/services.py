"""Filing submissions into the inbox, and the changes commissioners make
while working them. Every function works in the caller's transaction, and
each change records its audit entry there ("inbox.update", named by `change`:
the bulk actions pass "bulk assign" and so on)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.core import audit
from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.outbox import queue_email, render_email
from app.core.references import new_reference
from app.inbox import reports
from app.inbox.kinds import KINDS, statuses_for
from app.inbox.models import (
    InboxItem,
    InboxNote,
    InboxReply,
    InboxStatusChange,
    InboxTag,
    inbox_item_tag,
)
from app.inbox.settings import team_email


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
    body_text: str = "",
    urgent: bool = False,
    safeguarding: bool = False,
    received_at: datetime | None = None,
    source_key: str | None = None,
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
        body_text=body_text,
        urgent=urgent,
        safeguarding=safeguarding,
        source_key=source_key,
    )
    session.add(item)
    reports.note_received(session, item)  # flushes the item, so it has its id
    # Saved with the caller's next flush: one round of the unit of work fewer.
    session.add(InboxStatusChange(item_id=item.id, to_status="new", created_at=received_at))
    return item


def _unused_reference(session: Session, prefix: str, when: datetime) -> str:
    while True:
        reference = new_reference(prefix, when)
        taken = session.scalar(select(exists().where(InboxItem.reference == reference)))
        if not taken:
            return reference


def _audit(session: Session, item: InboxItem, change: str, actor=audit.CURRENT, **details) -> None:
    audit.record(
        session,
        "inbox.update",
        actor=actor,
        object_type="inbox_item",
        object_ref=item.reference,
        summary=f"Inbox item: {change}",
        details={"change": change, **details},
    )


def change_status(
    session: Session,
    item: InboxItem,
    status: str,
    actor: StaffUser,
    note: str | None = None,
    *,
    change: str | None = "status",
) -> bool:
    """`change=None` leaves the audit entry to the caller (a decision, a closure)."""
    if status not in statuses_for(item.kind):
        raise ValueError(status)
    if status == item.status and not note:
        return False
    if change is not None:
        _audit(session, item, change, actor, old=item.status, new=status)
    session.add(
        InboxStatusChange(
            item_id=item.id,
            actor_id=actor.id,
            from_status=item.status,
            to_status=status,
            note=note or None,
        )
    )
    item.status = status
    was_closed_at, item.closed_at = item.closed_at, utcnow() if status == "closed" else None
    reports.note_closed(session, item, was_closed_at)
    return True


def assign(
    session: Session,
    item: InboxItem,
    assignee: StaffUser | None,
    *,
    change: str = "assign",
    actor: StaffUser | None = None,
) -> bool:
    """Give the item to `assignee`, who is told by email (in their own
    language) unless they gave it to themselves."""
    if item.assignee_id == (assignee.id if assignee else None):
        return False
    item.assignee = assignee
    _audit(session, item, change, assignee=assignee.email if assignee else None)
    if assignee is not None and (actor is None or actor.id != assignee.id):
        tell_assignee(session, item, assignee, actor)
    return True


def item_link(item: InboxItem) -> str:
    return url_for("inbox.item", reference=item.reference, _external=True)


def tell_assignee(
    session: Session, item: InboxItem, assignee: StaffUser, actor: StaffUser | None
) -> None:
    subject, body = render_email(
        "inbox/email/assigned.txt",
        assignee.locale,
        item=item,
        name=assignee.name,
        actor=actor.name if actor is not None else None,
        kind=KINDS[item.kind].label if item.kind in KINDS else item.kind,
        link=item_link(item),
    )
    queue_email(
        session,
        to=assignee.email,
        subject=subject,
        body=body,
        locale=assignee.locale,
        reference=item.reference,
    )


def add_note(session: Session, item: InboxItem, author: StaffUser, text: str) -> InboxNote:
    note = InboxNote(item_id=item.id, author_id=author.id, text=text.strip())
    session.add(note)
    _audit(session, item, "note", author)
    return note


def set_due(session: Session, item: InboxItem, due_on: date | None) -> bool:
    if item.due_on == due_on:
        return False
    item.due_on = due_on
    _audit(session, item, "due date", due_on=str(due_on or ""))
    return True


def reply(session: Session, item: InboxItem, author: StaffUser, message: str) -> InboxReply:
    """Write to the submitter in their language; the email goes only if this commits."""
    if not item.submitter_email:
        raise ValueError("this submission has no email address")
    subject, body = render_email(
        "inbox/email/reply.txt",
        item.submitter_locale,
        reference=item.reference,
        subject=item.subject,
        message=message.strip(),
    )
    # Their answer goes to the team, not to the portal's sending address.
    email = queue_email(
        session,
        to=item.submitter_email,
        subject=subject,
        body=body,
        locale=item.submitter_locale,
        reference=item.reference,
        reply_to=team_email(session),
    )
    session.flush()  # the reply records which email carried it
    sent_at = utcnow()
    reports.note_reply(session, item, sent_at)
    sent = InboxReply(
        item_id=item.id,
        created_at=sent_at,
        author_id=author.id,
        to_address=item.submitter_email,
        body=message.strip(),
        outbox_message_id=email.id,
    )
    session.add(sent)
    _audit(session, item, "reply", author)
    return sent


def close(session: Session, item: InboxItem, actor: StaffUser, outcome: str) -> None:
    item.outcome = outcome.strip()
    change_status(session, item, "closed", actor, outcome.strip(), change=None)
    _audit(session, item, "close", actor)


MAX_TAG_LENGTH = 60


def parse_tags(text: str) -> list[str]:
    """Themes typed as a comma-separated list, tidied and without repeats."""
    names: list[str] = []
    for part in (text or "").split(","):
        name = " ".join(part.split()).lower()[:MAX_TAG_LENGTH]
        if name and name not in names:
            names.append(name)
    return names


def _tags_named(session: Session, names: list[str]) -> list[InboxTag]:
    existing = {
        t.name: t for t in session.scalars(select(InboxTag).where(InboxTag.name.in_(names)))
    }
    for name in names:
        if name not in existing:
            existing[name] = InboxTag(name=name)
            session.add(existing[name])
    return [existing[name] for name in names]


def set_tags(session: Session, item: InboxItem, names: list[str]) -> bool:
    if sorted(t.name for t in item.tags) == sorted(names):
        return False
    item.tags = _tags_named(session, names)
    _audit(session, item, "themes", themes=names)
    return True


def add_tags(session: Session, item: InboxItem, names: list[str], *, change: str = "tag") -> bool:
    missing = [name for name in names if name not in {t.name for t in item.tags}]
    if not missing:
        return False
    item.tags = [*item.tags, *_tags_named(session, missing)]
    _audit(session, item, change, themes=names)
    return True


def tag_items(session: Session, item_ids: list[int], name: str, *, change: str) -> int:
    """Give many items one theme at once (suggested themes accepted by staff),
    as `add_tags` would one by one; one audit entry names every item tagged.
    Returns how many items were newly tagged."""
    names = parse_tags(name)
    if not names or not item_ids:
        return 0
    (tag,) = _tags_named(session, names[:1])
    session.flush()
    wanted = set(item_ids)
    already = set(
        session.scalars(
            select(inbox_item_tag.c.item_id).where(
                inbox_item_tag.c.tag_id == tag.id, inbox_item_tag.c.item_id.in_(sorted(wanted))
            )
        )
    )
    new = sorted(wanted - already)
    if not new:
        return 0
    for start in range(0, len(new), 1000):
        session.execute(
            inbox_item_tag.insert(),
            [{"item_id": item_id, "tag_id": tag.id} for item_id in new[start : start + 1000]],
        )
    # Items already in the session see their new theme.
    for item in session.identity_map.values():
        if isinstance(item, InboxItem) and item.id in wanted:
            session.expire(item, ["tags"])
    references = list(
        session.scalars(
            select(InboxItem.reference).where(InboxItem.id.in_(new)).order_by(InboxItem.id)
        )
    )
    audit.record(
        session,
        "inbox.update",
        object_type="inbox_item",
        object_ref=references[0] if len(references) == 1 else f"{len(references)} items",
        summary=f"Inbox items: {change}",
        details={"change": change, "themes": names[:1], "references": references},
    )
    return len(new)
