"""Each change to a plan item records its own audit entry, with no page involved."""

from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.plans.services import create_plan, set_status, update_plan
from tests.conftest import plan_data


def logged(session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_creating_changing_and_publishing_are_audited_by_the_service(session, area):
    item = create_plan(session, plan_data(area.id))
    update_plan(session, item, {"title": "Support for unpaid carers"})
    update_plan(session, item, {"title": "Support for unpaid carers"})  # no change, no entry
    set_status(session, item, "published")
    session.commit()

    (created,) = logged(session, "plan.create")
    (changed,) = logged(session, "plan.update")
    (published,) = logged(session, "plan.publish")
    assert (created.object_type, created.object_ref) == ("plan_item", item.slug)
    assert created.summary == "Created a draft plan item"
    assert changed.details == {"id": item.id, "fields": ["title"]}
    assert published.details == {"id": item.id, "from": "draft", "to": "published"}
    assert published.summary == "Changed status from draft to published"
    # Called outside any request: nobody signed in acted.
    assert {event.actor_id for event in (created, changed, published)} == {None}


def test_a_change_that_rolls_back_leaves_no_audit_entry(session, area):
    create_plan(session, plan_data(area.id))
    session.rollback()
    assert logged(session, "plan.create") == []
