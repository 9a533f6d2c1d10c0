"""Refuse every attempt to change or remove an audit record.

The ORM guards catch mistakes in application code (an attribute set on a
loaded event, `session.delete`, bulk `update()`/`delete()` statements). They
cannot see raw SQL, so the migration also installs a database trigger:
`APPEND_ONLY_SQL` holds its statements, copied verbatim into the migration
(migrations never import application code) and used by the tests.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.core.audit.models import AuditEvent

TABLE = AuditEvent.__tablename__


class AuditLogIsAppendOnlyError(RuntimeError):
    pass


# Set only inside `redaction_permit`: the one sanctioned way to take a
# person's details out of the log (erasure, retention), never to rewrite it.
_PERMIT: ContextVar[bool] = ContextVar("audit_redaction_permit", default=False)


@contextmanager
def redaction_permit(session: Session, reason: str):
    """Let this transaction redact or delete audit entries, for `reason`.

    The permit row is added and removed inside the caller's transaction, so
    the database triggers let only this transaction through."""
    from app.core.audit.models import AuditRedaction

    permit = AuditRedaction(reason=reason[:200])
    session.add(permit)
    session.flush()
    token = _PERMIT.set(True)
    try:
        yield
        session.flush()
    finally:
        _PERMIT.reset(token)
    session.delete(permit)
    session.flush()


def _refuse(what: str) -> None:
    if _PERMIT.get():
        return
    raise AuditLogIsAppendOnlyError(f"audit records cannot be {what}")


@event.listens_for(Session, "before_flush")
def _no_changed_or_deleted_events(session: Session, flush_context, instances) -> None:
    if any(isinstance(obj, AuditEvent) for obj in session.deleted):
        _refuse("deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            _refuse("changed")


# A backstop for objects another before_flush hook dirties after ours ran.
@event.listens_for(AuditEvent, "before_update")
def _no_update(mapper, connection, target) -> None:
    _refuse("changed")


@event.listens_for(AuditEvent, "before_delete")
def _no_delete(mapper, connection, target) -> None:
    _refuse("deleted")


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    target = getattr(state.statement, "table", None)
    if getattr(target, "name", None) == TABLE:
        _refuse("deleted" if state.is_delete else "changed")


# Statement-level, so even an UPDATE or DELETE that matches no rows is refused.
# TRUNCATE is deliberately not blocked: the application never issues it, and
# the test suite empties tables with it between tests.
APPEND_ONLY_SQL = {
    "postgresql": {
        "upgrade": [
            """
            CREATE FUNCTION audit_event_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                -- Erasure and retention redact under a permit row that only
                -- their own transaction can see (see AuditRedaction).
                IF EXISTS (SELECT 1 FROM audit_redaction) THEN
                    RETURN NULL;
                END IF;
                RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
            END;
            $$
            """,
            """
            CREATE TRIGGER audit_event_append_only
            BEFORE UPDATE OR DELETE ON audit_event
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
            """,
        ],
        "downgrade": [
            "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
            "DROP FUNCTION IF EXISTS audit_event_append_only()",
        ],
    },
    # SQLite has only row-level triggers; the default install still gets the
    # same protection for rows that exist.
    "sqlite": {
        "upgrade": [
            """
            CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            WHEN NOT EXISTS (SELECT 1 FROM audit_redaction)
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END
            """,
            """
            CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            WHEN NOT EXISTS (SELECT 1 FROM audit_redaction)
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END
            """,
        ],
        "downgrade": [
            "DROP TRIGGER IF EXISTS audit_event_no_update",
            "DROP TRIGGER IF EXISTS audit_event_no_delete",
        ],
    },
}
