"""Sign-ins, invitations and administrators' changes to staff accounts
record their own audit entries with no page involved."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.invites import find_invite
from app.accounts.models import Role
from app.accounts.services import (
    accept_invite,
    authenticate,
    deactivate_staff,
    invite_staff,
    reactivate_staff,
    send_invite,
    update_staff,
)
from app.core.audit import AuditEvent
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD


def trail(session) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (event.action, event.actor_email, event.object_ref, event.summary)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_sign_in_attempts_are_audited_by_the_service(session, make_staff):
    email = make_staff("viewer").email
    assert authenticate(session, email, "wrong password") is None
    assert authenticate(session, "nobody@elsewhere.example", TEST_PASSWORD) is None
    assert authenticate(session, email, TEST_PASSWORD) is not None
    session.commit()
    assert trail(session) == [
        ("staff.sign_in_failed", None, email, "Wrong password or inactive account"),
        # An address with no account is someone's typo: never stored.
        ("staff.sign_in_failed", None, None, "Unknown email address"),
        # The sign-in itself is recorded once any second step is passed.
    ]


def test_invitations_and_account_changes_are_audited_by_the_service(app, session, make_staff):
    admin = make_staff("administrator")
    admin_email = admin.email
    with app.test_request_context():
        user, _invite = invite_staff(
            session,
            email="Rhian.Evans@elmsworth.gov.example",
            name="Rhian Evans",
            role=Role.VIEWER,
            areas=[],
            invited_by=admin,
            locale="en",
        )
        send_invite(session, user, invited_by=admin, locale="en")
        session.commit()
        token = re.search(
            r"/staff/invite/([\w-]+)",
            session.scalars(
                select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc())
            ).first(),
        ).group(1)
        accept_invite(session, find_invite(session, token).invite, "a long new password")
        update_staff(session, user, name="Rhian Evans", role=Role.COMMISSIONER, areas=[])
        deactivate_staff(session, user, by=admin)
        reactivate_staff(session, user)
    session.commit()

    email = "rhian.evans@elmsworth.gov.example"
    assert trail(session) == [
        ("staff.invite", admin_email, email, "Invited as viewer"),
        (
            "staff.invite_resent",
            admin_email,
            email,
            "Sent a new invitation; earlier links stop working",
        ),
        ("staff.invite_accepted", email, email, "Set a password from an invitation"),
        # Outside a signed-in request nobody acted, unless the service is told who did.
        ("staff.update", None, email, "Changed role"),
        ("staff.deactivate", admin_email, email, "Deactivated and signed out everywhere"),
        ("staff.reactivate", None, email, "Reactivated"),
    ]
    invited = session.scalar(select(AuditEvent).where(AuditEvent.action == "staff.invite"))
    assert invited.details == {"id": user.id, "role": "viewer", "service_areas": []}
