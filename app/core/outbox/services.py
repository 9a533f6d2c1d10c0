"""Queueing email in the caller's transaction, and sending it exactly once.

A message is sent only by whoever wins `claim`, one conditional UPDATE that
moves the row from pending to sending, so two workers can never both send
it. A worker that dies mid-send leaves the row in "sending"; that row is
never sent again automatically (it may already have gone), it is marked
failed for an administrator to decide.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app, has_app_context
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session, selectinload

from app.core.db import db, utcnow
from app.core.outbox.backends import Backend, PermanentSendError, get_backend
from app.core.outbox.links import without_portal_links
from app.core.outbox.models import (
    FAILED,
    MAX_ATTACHMENT_BYTES,
    PENDING,
    SENDING,
    SENT,
    OutboxAttachment,
    OutboxMessage,
)

log = logging.getLogger(__name__)

# Waits before the 2nd, 3rd... attempt: about 15 hours in all.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
DEFAULT_MAX_ATTEMPTS = 6
# Far longer than any backend's timeout: a row "sending" this long has lost its worker.
STALE_AFTER = timedelta(minutes=15)
STALE_ERROR = "The worker stopped while sending; check with the recipient before retrying."

_QUEUED = "outbox_queued_ids"


class Attachment(NamedTuple):
    """A file to send with an email, such as an event's .ics."""

    filename: str
    content_type: str
    content: bytes


def _checked(attachment: Attachment) -> OutboxAttachment:
    filename, content_type, content = attachment
    # The name goes into a MIME header: no line breaks, and no folders, which
    # some mail programs would honour when saving the file.
    name = " ".join(str(filename).split()).replace("/", "-").replace("\\", "-").strip(". ")
    if not name:
        raise ValueError("an attachment needs a file name")
    if not isinstance(content, bytes):
        raise TypeError("an attachment's content must be bytes")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"{name} is larger than {MAX_ATTACHMENT_BYTES} bytes")
    main, _, sub = content_type.partition(";")[0].strip().partition("/")
    if not main or not sub or any(ch.isspace() for ch in content_type.strip().split(";")[0]):
        raise ValueError(f"{content_type!r} is not a MIME type")
    return OutboxAttachment(
        filename=name[-200:], content_type=" ".join(content_type.split()), content=content
    )


def queue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    locale: str = "en",
    reference: str | None = None,
    attachments: Sequence[Attachment] = (),
    secret_links: bool = False,
    unsubscribe_url: str | None = None,
    reply_to: str | None = None,
) -> OutboxMessage:
    """Add an email to the caller's transaction; it goes only if that commits.

    `secret_links`: the body carries links with tokens in them (one-use
    links, links back to a draft). Their text is never shown to
    administrators, and is taken out of the stored email once it has gone.
    `unsubscribe_url`: for emails people subscribe to; sent as the
    List-Unsubscribe header, which must answer a POST (RFC 8058).
    `reply_to`: where the recipient's answer goes, when not to the sender.
    """
    address = to.strip()
    if not address or any(ch.isspace() for ch in address):
        raise ValueError("an email address cannot be blank or contain spaces")
    files = [_checked(Attachment(*attachment)) for attachment in attachments]
    message = OutboxMessage(
        to_address=address,
        # Headers are one line; a stray newline must not start a new header.
        subject=" ".join(subject.split())[:300],
        body_text=body,
        locale=locale,
        reference=reference,
        status=PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
        attachments=files,
        secret_links=secret_links,
        unsubscribe_url=unsubscribe_url,
        # A header is one line: a stray newline must not start another.
        reply_to="".join((reply_to or "").split())[:254] or None,
    )
    session.add(message)
    # No flush here: the message is saved with the caller's next flush or its
    # commit, and its id is read once committed.
    _send_after_commit(session, message)
    return message


def _send_after_commit(session: Session, message: OutboxMessage | int) -> None:
    """`message`: a new message (its id comes with the commit) or an id."""
    session.info.setdefault(_QUEUED, []).append(message)


def _message_id(queued: OutboxMessage | int) -> int | None:
    if isinstance(queued, int):
        return queued
    # The identity stays on a committed object, so this reads no row.
    key = inspect(queued).identity
    return key[0] if key else None


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    queued = session.info.pop(_QUEUED, None)
    if not queued or not has_app_context():
        return
    ids = [message_id for message_id in map(_message_id, queued) if message_id is not None]
    if not ids:
        return
    app = current_app._get_current_object()
    # The caller's change is already saved: nothing here may undo or break it.
    # Whatever fails, the row is pending and the worker's sweep will find it.
    try:
        if app.config.get("REDIS_URL"):
            from app.core.outbox.queue import enqueue

            enqueue(app, ids)
        elif app.config.get("MAIL_SEND_AFTER_COMMIT", False):
            for message_id in ids:
                deliver(message_id)
    except Exception:
        log.exception("Outbox messages %s not handed on; the worker will find them", ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(_QUEUED, None)


def worker_name() -> str:
    """Unique to one claim, so a worker only ever finishes its own claim."""
    name = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{secrets.token_hex(4)}"
    return name[-200:]


def claim(session: Session, message_id: int, worker: str, *, now: datetime | None = None) -> bool:
    """Take a due pending message for sending; True for exactly one caller."""
    now = now or utcnow()
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == PENDING,
            OutboxMessage.next_attempt_at <= now,
        )
        .values(
            status=SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def current_backend(app) -> Backend:
    return app.extensions.get("outbox") or get_backend(app)


def deliver(message_id: int, *, backend: Backend | None = None) -> str:
    """Claim, send and record one message. Returns what happened to it:
    "sent", "pending" (will retry), "failed", or "skipped" (not ours to send)."""
    app = current_app._get_current_object()
    backend = backend or current_backend(app)
    worker = worker_name()
    # Its own session: the caller's may be mid-commit (see _dispatch_committed).
    with Session(db.engine, expire_on_commit=False) as session:
        if not claim(session, message_id, worker):
            return "skipped"
        # The attachments are read now, with the message: nothing is loaded
        # later, while the backend holds the network.
        message = session.get(
            OutboxMessage, message_id, options=[selectinload(OutboxMessage.attachments)]
        )
        session.commit()  # hold no transaction open while the network is slow
        try:
            provider_id = backend.send(message)
        except Exception as exc:
            return _record_failure(session, message, worker, exc, app)
        _set(
            session,
            message_id,
            worker,
            status=SENT,
            sent_at=utcnow(),
            provider_message_id=str(provider_id)[:200] if provider_id else None,
            **_spent_links(message),
        )
        log.info("Email %s sent", message_id)
        return SENT


def _record_failure(session, message, worker, exc, app) -> str:
    max_attempts = int(app.config.get("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if isinstance(exc, PermanentSendError) or message.attempts >= max_attempts:
        _set(session, message.id, worker, status=FAILED, last_error=error, **_spent_links(message))
        log.error("Email %s failed after %s attempts: %s", message.id, message.attempts, error)
        return FAILED
    wait = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
    _set(
        session,
        message.id,
        worker,
        status=PENDING,
        last_error=error,
        next_attempt_at=utcnow() + wait,
    )
    log.warning(
        "Email %s not sent (attempt %s), trying again in %s: %s",
        message.id,
        message.attempts,
        wait,
        error,
    )
    return PENDING


def _spent_links(message: OutboxMessage) -> dict:
    """The changes that take a finished email's secret links out of the row."""
    if not message.secret_links or message.links_removed_at is not None:
        return {}
    return {
        "subject": without_portal_links(message.subject),
        "body_text": without_portal_links(message.body_text),
        "unsubscribe_url": None,
        "links_removed_at": utcnow(),
    }


def _set(session: Session, message_id: int, worker: str, **values) -> None:
    # Only the claim we hold: if an administrator has since changed the row,
    # their decision stands.
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def fail_stale(session: Session, *, now: datetime | None = None) -> int:
    """Mark messages whose worker stopped mid-send as failed, for a person to decide."""
    now = now or utcnow()
    stale = (OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - STALE_AFTER)
    secret = list(
        session.scalars(select(OutboxMessage).where(*stale, OutboxMessage.secret_links.is_(True)))
    )
    result = session.execute(
        update(OutboxMessage)
        .where(*stale)
        .values(status=FAILED, last_error=STALE_ERROR)
        .execution_options(synchronize_session=False)
    )
    # Given up on: whatever became of them, their links are not kept.
    for message in secret:
        for name, value in _spent_links(message).items():
            setattr(message, name, value)
    session.commit()
    if result.rowcount:
        log.error("%s outbox messages were left sending by a stopped worker", result.rowcount)
    return result.rowcount


def due_ids(session: Session, limit: int, *, now: datetime | None = None) -> list[int]:
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == PENDING)
            .where(OutboxMessage.next_attempt_at <= (now or utcnow()))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def send_due(
    limit: int = 100,
    *,
    backend: Backend | None = None,
    stop: Callable[[], bool] | None = None,
) -> Counter:
    """The poller's pass: give up on stale sends, then send what is due."""
    with Session(db.engine) as session:
        fail_stale(session)
        ids = due_ids(session, limit)
    outcomes: Counter = Counter()
    for message_id in ids:
        if stop and stop():
            break
        outcomes[deliver(message_id, backend=backend)] += 1
    return outcomes


def retry(session: Session, message_id: int) -> bool:
    """An administrator's retry of a failed message: due now, attempts reset.
    The caller commits; the message is then sent as a new one would be."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == FAILED,
            # Its links are gone: sent again, it would point nowhere.
            OutboxMessage.links_removed_at.is_(None),
        )
        .values(
            status=PENDING, attempts=0, next_attempt_at=utcnow(), claimed_by=None, claimed_at=None
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    _send_after_commit(session, message_id)
    return True


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return dict(rows)


def failed_messages(session: Session, limit: int = 200) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == FAILED)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )
