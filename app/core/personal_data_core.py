"""What core itself holds about people: emails in the outbox and entries in
the audit log that name them. Capabilities register their own sources."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.audit.models import AuditEvent
from app.core.outbox.links import without_portal_links
from app.core.outbox.models import OutboxMessage
from app.core.personal_data import Holding, Needle, Source, any_of, register_source


def find_outbox(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(
        needle.email_is(OutboxMessage.to_address), needle.reference_is(OutboxMessage.reference)
    )
    if condition is None:
        return []
    messages = session.scalars(
        select(OutboxMessage)
        .where(condition)
        .options(selectinload(OutboxMessage.attachments))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [
        Holding(
            kind="outbox",
            reference=message.reference or f"email-{message.id}",
            when=message.created_at,
            summary=message.subject,
            link=url_for("admin.outbox"),
            data={
                "to": message.to_address,
                "subject": message.subject,
                # Never a usable one-use link, even in a report to the person.
                "body": without_portal_links(message.body_text)
                if message.secret_links
                else message.body_text,
                "language": message.locale,
                "status": message.status,
                "created_at": message.created_at,
                "sent_at": message.sent_at,
                "attachments": [attachment.filename for attachment in message.attachments],
            },
        )
        for message in messages
    ]


def find_audit(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(
        needle.email_is(AuditEvent.actor_email, AuditEvent.object_ref),
        needle.reference_is(AuditEvent.object_ref),
        needle.text_in(AuditEvent.summary, AuditEvent.details),
    )
    if condition is None:
        return []
    events = session.scalars(
        select(AuditEvent).where(condition).order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return [
        Holding(
            kind="audit",
            reference=event.object_ref or f"audit-{event.id}",
            when=event.occurred_at,
            summary=event.summary or event.action,
            link=url_for("admin.audit", reference=event.object_ref) if event.object_ref else None,
            data={
                "action": event.action,
                "by": event.actor_email,
                "about": f"{event.object_type or ''} {event.object_ref or ''}".strip(),
                "summary": event.summary,
                "details": event.details or {},
                "ip_address": event.ip_address,
                "occurred_at": event.occurred_at,
            },
        )
        for event in events
    ]


def register_core_sources() -> None:
    register_source(Source("outbox", _l("Emails sent"), find_outbox, order=80))
    register_source(Source("audit", _l("Audit log entries"), find_audit, order=90))
