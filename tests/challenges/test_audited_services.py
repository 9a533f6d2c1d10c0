"""Staff changes to the services open to challenge, and the council's
decisions, record their own audit entries with no page involved."""

from __future__ import annotations

from flask_login import login_user
from sqlalchemy import select

from app.challenges.models import ExpressionOfInterest
from app.challenges.services import (
    add_window,
    create_service,
    decisions,
    remove_window,
    update_service,
)
from app.core.audit import AuditEvent
from tests.challenges.conftest import service_data, some_date, submit


def logged(session, **where) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, name) == value)
    return list(session.scalars(stmt))


def test_the_catalogue_audits_its_changes(session, area):
    service = create_service(session, service_data(area.id))
    update_service(session, service, {"name": "Library outreach"})
    window = add_window(session, service, some_date(10), some_date(40))
    remove_window(session, service, window)
    session.commit()

    events = logged(session, object_ref=service.slug)
    assert [(e.action, e.summary) for e in events] == [
        ("challenge_service.create", "Added a service open to challenge"),
        ("challenge_service.update", "Changed a service"),
        ("challenge_service.update", "Added a submission window"),
        ("challenge_service.update", "Removed a submission window"),
    ]
    window_dates = {"opens_on": str(some_date(10)), "closes_on": str(some_date(40))}
    assert events[1].details == {"id": service.id, "fields": ["name"]}
    assert events[2].details == events[3].details == {"id": service.id, **window_dates}


def test_a_decision_audits_itself_once_under_its_inbox_item(app, session, make_service, make_staff):
    reference = submit(app.test_client(), make_service())
    staff = make_staff("commissioner")
    staff_email = staff.email
    eoi = session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.reference == reference)
    )
    with app.test_request_context():
        login_user(staff)
        decisions.accept(session, eoi, staff, "A strong proposal.")
    session.commit()

    (entry,) = logged(session, object_ref=reference, action="inbox.update")
    assert (entry.actor_email, entry.object_type) == (staff_email, "inbox_item")
    assert entry.summary == "Right to Challenge decision: accepted"
    assert entry.details == {"change": "accepted"}
