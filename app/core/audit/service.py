"""Writing audit records."""

from __future__ import annotations

from typing import Any

from flask import Request, has_request_context
from flask import request as flask_request
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


# Stands for "whoever is acting in this request", so an explicit None can
# still mean the system or someone not signed in.
CURRENT = object()


def _in_request(value: Any, source: str) -> Any:
    if value is not CURRENT:
        return value
    if not has_request_context():
        return None
    if source == "user":
        from flask_login import current_user

        return current_user._get_current_object()
    return flask_request._get_current_object()


def _object_ref(obj: Any) -> Any:
    for name in ("slug", "reference", "email"):
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return obj.id


def record(
    session: Session,
    action: str,
    *,
    obj: Any = None,
    actor: Any = CURRENT,
    object_type: str | None = None,
    object_ref: Any = None,
    summary: str = "",
    details: dict | None = None,
    request: Request | None = CURRENT,  # type: ignore[assignment]
) -> AuditEvent:
    """Add an audit event to the caller's transaction; the caller commits.

    The one way a change is audited: each service that changes data calls
    this beside the change, so the entry exists however the service was
    reached (a page, a command, a test) and commits or rolls back with it.

    `obj` is the model changed: it names the object by its table, its slug,
    reference or email, and puts its id first in `details`. `object_type` and
    `object_ref` name something that is not one model.

    `actor` defaults to flask_login's current_user inside a request and to
    nobody outside one; anonymous or None means the system or someone not
    signed in. `request` (for the address) defaults to the current request.
    """
    actor = _in_request(actor, "user")
    request = _in_request(request, "request")
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_ref = object_ref if object_ref is not None else _object_ref(obj)
        details = {"id": obj.id, **(details or {})}
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
    obj: Any = None,
    object_type: str | None = None,
    object_ref: Any = None,
    summary: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Record that the signed-in user looked at something, and commit.

    A view changes nothing else, so it commits on its own; call it after the
    view has read what it needs and before rendering.
    """
    from app.core.db import db

    event = record(
        db.session,
        action,
        obj=obj,
        object_type=object_type,
        object_ref=object_ref,
        summary=summary,
        details=details,
    )
    db.session.commit()
    return event


def record_export(
    action: str,
    *,
    summary: str,
    obj: Any = None,
    object_type: str | None = None,
    object_ref: Any = None,
    details: dict | None = None,
) -> AuditEvent:
    """Record that the signed-in user downloaded something, and commit.

    Call it before any row is read, so an export that fails or is abandoned
    part-way is still on the record.
    """
    return record_view(
        action,
        obj=obj,
        object_type=object_type,
        object_ref=object_ref,
        summary=summary,
        details=details,
    )
