"""Writing audit records."""

from __future__ import annotations

from typing import Any

from flask import Request
from sqlalchemy.orm import Session

from app.core.audit.models import AuditEvent
from app.core.db import utcnow

# Keys whose values are never written to the log, however a caller passes them.
_SECRET_WORDS = ("password", "secret", "token", "csrf", "totp")


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            str(key): "[removed]"
            if any(word in str(key).lower() for word in _SECRET_WORDS)
            else _scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    session: Session,
    action: str,
    *,
    actor: Any = None,
    object_type: str | None = None,
    object_ref: Any = None,
    summary: str = "",
    details: dict | None = None,
    request: Request | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's transaction; the caller commits.

    `actor` is a StaffUser (or flask_login's current_user); anonymous or
    None means the system or someone not signed in.
    """
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    ip_address = request.remote_addr if request is not None else None
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else None,
        action=action[:40],
        object_type=object_type[:40] if object_type else None,
        object_ref=str(object_ref)[:120] if object_ref is not None else None,
        summary=(summary or "")[:300],
        details=_scrub(details) if details else None,
        ip_address=ip_address[:45] if ip_address else None,
    )
    session.add(event)
    return event


def record_view(
    action: str,
    *,
    object_type: str,
    object_ref: Any,
    summary: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Record that the signed-in user looked at something, and commit.

    A view changes nothing else, so it commits on its own; call it after the
    view has read what it needs and before rendering.
    """
    from flask import request
    from flask_login import current_user

    from app.core.db import db

    event = record(
        db.session,
        action,
        actor=current_user,
        object_type=object_type,
        object_ref=object_ref,
        summary=summary,
        details=details,
        request=request,
    )
    db.session.commit()
    return event
