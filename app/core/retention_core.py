"""Retention of what core itself keeps: the outbox and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.audit.guards import redaction_permit
from app.core.audit.models import AuditEvent
from app.core.copies import OUTBOX_RELEASERS
from app.core.outbox.models import FAILED, SENT, OutboxAttachment, OutboxMessage
from app.core.retention import Due, Handler, register_handler


def outbox_due(session: Session, before: datetime) -> list[Due]:
    """Sent (or given-up) emails older than the period; never one still to go."""
    ids = list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status.in_((SENT, FAILED)),
                func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < before,
            )
            .order_by(OutboxMessage.id)
        )
    )

    def deleting(message_id: int):
        def scrub(session: Session, reason: str) -> None:
            for release in OUTBOX_RELEASERS.values():
                release(session, [message_id])
            session.execute(
                delete(OutboxAttachment).where(OutboxAttachment.message_id == message_id)
            )
            session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))

        return scrub

    return [Due(f"email-{message_id}", deleting(message_id)) for message_id in ids]


def audit_due(session: Session, before: datetime) -> list[Due]:
    """Entries older than the period, deleted together as one record: the
    log's own period is the only thing that ever deletes from it."""
    if (
        session.scalar(select(AuditEvent.id).where(AuditEvent.occurred_at < before).limit(1))
        is None
    ):
        return []

    def scrub(session: Session, reason: str) -> None:
        with redaction_permit(session, reason):
            session.connection().execute(
                delete(AuditEvent.__table__).where(AuditEvent.__table__.c.occurred_at < before)
            )

    return [Due(f"audit-before-{before.date().isoformat()}", scrub)]


def register_core_handlers() -> None:
    register_handler(Handler("outbox_emails", outbox_due))
    register_handler(Handler("audit_log", audit_due))
