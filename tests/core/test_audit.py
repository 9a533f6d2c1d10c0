"""The audit log records who did what and when, and nothing in the
application can change or remove what it recorded."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin, login_user
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from app.core.audit import (
    APPEND_ONLY_SQL,
    AuditEvent,
    AuditLogIsAppendOnlyError,
    record,
    record_view,
)
from app.core.db import db, utcnow


@pytest.fixture
def stored_event(session, make_staff):
    staff = make_staff("commissioner")
    event = record(
        session,
        "plan.update",
        actor=staff,
        object_type="plan_item",
        object_ref="home-care-north",
        summary="Changed a plan item",
        details={"fields": ["title", "summary"]},
    )
    session.commit()
    return event.id


def stored_row(event_id: int) -> dict:
    """Read the row with Core on a fresh connection, bypassing the session."""
    db.session.remove()
    with db.engine.connect() as conn:
        row = conn.execute(select(AuditEvent.__table__).where(AuditEvent.id == event_id)).one()
    return dict(row._mapping)


def test_a_recorded_event_keeps_who_what_and_when(app, session, make_staff):
    staff = make_staff("commissioner")
    before = utcnow()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        from flask import request

        event = record(
            session,
            "inbox.export",
            actor=staff,
            object_type="inbox",
            summary="Exported 12 inbox items",
            details={"filters": {"kind": "challenge"}, "password": "hunter2", "count": 12},
            request=request,
        )
    session.commit()

    staff_id, staff_email = staff.id, staff.email
    row = stored_row(event.id)
    assert row["actor_id"] == staff_id
    assert row["actor_email"] == staff_email
    assert row["action"] == "inbox.export"
    assert row["summary"] == "Exported 12 inbox items"
    assert row["ip_address"] == "203.0.113.9"
    assert before <= row["occurred_at"] <= utcnow()
    # Secrets never reach the log, even when a caller passes them by mistake.
    assert row["details"] == {
        "filters": {"kind": "challenge"},
        "password": "[removed]",
        "count": 12,
    }


def test_an_event_commits_or_rolls_back_with_the_change_it_records(session):
    record(session, "plan.create", object_type="plan_item", object_ref="a")
    session.rollback()
    record(session, "plan.create", object_type="plan_item", object_ref="b")
    session.commit()
    assert session.scalars(select(AuditEvent.object_ref)).all() == ["b"]


def test_anonymous_actors_are_recorded_as_nobody(session):
    event = record(session, "staff.sign_in_failed", actor=AnonymousUserMixin())
    session.commit()
    assert (event.actor_id, event.actor_email) == (None, None)


def test_record_view_records_the_signed_in_user_and_commits(app, make_staff):
    staff = make_staff("viewer")
    staff_email = staff.email
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        login_user(staff)
        event_id = record_view(
            "inbox.view", object_type="inbox_item", object_ref="CON-2026-7K3QX9"
        ).id
    row = stored_row(event_id)
    assert (row["actor_email"], row["action"], row["object_ref"], row["ip_address"]) == (
        staff_email,
        "inbox.view",
        "CON-2026-7K3QX9",
        "198.51.100.4",
    )


def test_changing_an_event_through_the_orm_is_refused(session, stored_event):
    original = stored_row(stored_event)
    event = db.session.get(AuditEvent, stored_event)
    event.summary = "Nothing happened"
    with pytest.raises(AuditLogIsAppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert stored_row(stored_event) == original


def test_deleting_an_event_through_the_orm_is_refused(session, stored_event):
    original = stored_row(stored_event)
    db.session.delete(db.session.get(AuditEvent, stored_event))
    with pytest.raises(AuditLogIsAppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert stored_row(stored_event) == original


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(lambda: update(AuditEvent).values(summary="x"), id="orm-update"),
        pytest.param(lambda: delete(AuditEvent), id="orm-delete"),
        pytest.param(
            lambda: update(AuditEvent).where(AuditEvent.action == "plan.update").values(action="x"),
            id="orm-update-where",
        ),
        pytest.param(lambda: update(AuditEvent.__table__).values(summary="x"), id="table-update"),
        pytest.param(lambda: delete(AuditEvent.__table__), id="table-delete"),
    ],
)
def test_bulk_statements_through_the_session_are_refused(session, stored_event, statement):
    original = stored_row(stored_event)
    with pytest.raises(AuditLogIsAppendOnlyError):
        db.session.execute(statement())
    db.session.rollback()
    assert stored_row(stored_event) == original


@pytest.fixture
def append_only_trigger(app_ctx):
    """Install the migration's trigger in the test database, unless the suite
    already has; remove it afterwards so the suite's cleanup can empty tables."""
    dialect = db.engine.dialect.name
    if dialect not in APPEND_ONLY_SQL:
        pytest.skip(f"no append-only trigger for {dialect}")
    sql = APPEND_ONLY_SQL[dialect]
    probe = {
        "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_event_append_only'",
        "sqlite": "SELECT 1 FROM sqlite_master WHERE name = 'audit_event_no_update'",
    }[dialect]
    db.session.remove()
    with db.engine.begin() as conn:
        installed_here = conn.execute(text(probe)).first() is None
        if installed_here:
            for statement in sql["upgrade"]:
                conn.execute(text(statement))
    yield dialect
    db.session.remove()
    if installed_here:
        with db.engine.begin() as conn:
            for statement in sql["downgrade"]:
                conn.execute(text(statement))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET summary = 'Nothing happened'",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = :id",
    ],
)
def test_raw_sql_cannot_change_or_delete_events(stored_event, append_only_trigger, statement):
    original = stored_row(stored_event)
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement), {"id": stored_event})
    assert stored_row(stored_event) == original


def test_new_events_can_still_be_added_under_the_trigger(session, append_only_trigger):
    record(session, "staff.sign_in", object_type="staff_user", object_ref="1")
    session.commit()
    assert session.scalar(select(AuditEvent.action)) == "staff.sign_in"


def test_truncate_still_empties_the_log_for_the_test_suite(stored_event, append_only_trigger):
    if append_only_trigger != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_event"))
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == 0
