"""Each staff change to an event records its own audit entry, with no page involved."""

from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.events.services import change_status, message_attendees, save_event
from tests.events.conftest import event_data


def actions(session, slug: str) -> list[tuple[str, str]]:
    return [
        (event.action, event.summary)
        for event in session.scalars(
            select(AuditEvent).where(AuditEvent.object_ref == slug).order_by(AuditEvent.id)
        )
    ]


def test_saving_publishing_and_messaging_are_audited_by_the_service(app, session, area):
    event = save_event(session, None, event_data(service_area_id=area.id))
    save_event(session, event, event_data(service_area_id=area.id, title="Meet the buyer: care"))
    change_status(session, event, "publish")
    with app.test_request_context():
        message_attendees(session, event, "Parking", "Park at the back.")
    session.commit()

    title = event.title
    assert actions(session, event.slug) == [
        ("event.created", event_data()["title"]),
        ("event.changed", title),
        ("event.publish", title),
        ("event.messaged", "Parking"),
    ]
    entry = session.scalar(select(AuditEvent).where(AuditEvent.action == "event.publish"))
    assert (entry.object_type, entry.details) == ("event", {"id": event.id})
    assert event.status == "published"
