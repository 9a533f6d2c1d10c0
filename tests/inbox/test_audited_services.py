"""Each change to an inbox item records its own audit entry with no page involved."""

from __future__ import annotations

from datetime import date

from flask_login import login_user
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.inbox.services import (
    add_note,
    add_tags,
    assign,
    change_status,
    close,
    file_submission,
    set_due,
    set_tags,
)


def trail(session, reference: str) -> list[tuple[str, dict]]:
    return [
        (event.summary, event.details)
        for event in session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "inbox.update", AuditEvent.object_ref == reference)
            .order_by(AuditEvent.id)
        )
    ]


def test_every_change_to_an_item_is_audited_by_the_service(app, session, make_staff):
    staff = make_staff("commissioner")
    staff_email = staff.email
    item = file_submission(session, kind="challenge", subject="Running the Greenway centre")
    with app.test_request_context():
        login_user(staff)
        assign(session, item, staff)
        change_status(session, item, "in_progress", staff)
        add_note(session, item, staff, "Called them back.")
        set_due(session, item, date(2027, 3, 1))
        set_tags(session, item, ["waste"])
        add_tags(session, item, ["bins"], change="bulk tag")
        close(session, item, staff, "Collection rearranged.")
    session.commit()

    assert trail(session, item.reference) == [
        ("Inbox item: assign", {"change": "assign", "assignee": staff_email}),
        ("Inbox item: status", {"change": "status", "old": "new", "new": "in_progress"}),
        ("Inbox item: note", {"change": "note"}),
        ("Inbox item: due date", {"change": "due date", "due_on": "2027-03-01"}),
        ("Inbox item: themes", {"change": "themes", "themes": ["waste"]}),
        ("Inbox item: bulk tag", {"change": "bulk tag", "themes": ["bins"]}),
        # Closing is one entry, not a status change as well.
        ("Inbox item: close", {"change": "close"}),
    ]
    actors = set(session.scalars(select(AuditEvent.actor_email)))
    assert actors == {staff_email}
