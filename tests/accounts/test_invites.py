"""An invited member of staff opens the emailed link, chooses a password and
is signed in; a used, expired or unknown link explains what to do instead."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.accounts.models import StaffInvite, StaffUser
from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from tests.conftest import post_form

NEW_PASSWORD = "plaid otter quietly sings"
LINK = re.compile(r"http://localhost/staff/invite/([A-Za-z0-9_-]+)")


@pytest.fixture
def invited(app, client, sign_in, session):
    """Invite Rhian as an administrator would, then sign the administrator out."""
    sign_in("administrator")
    response = post_form(
        client,
        "/admin/users/invite",
        {"name": "Rhian Evans", "email": "rhian@elmsworth.gov.example", "role": "commissioner"},
    )
    assert response.status_code == 302, response.text
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    session.expire_all()
    message = session.scalars(select(OutboxMessage)).one()
    return LINK.search(message.body_text).group(1)


def set_password(client, token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return post_form(
        client,
        f"/staff/invite/{token}",
        {"password": password, "confirm": password if confirm is None else confirm},
    )


def test_the_link_sets_a_password_and_signs_in(client, session, invited):
    page = client.get(f"/staff/invite/{invited}")
    assert page.status_code == 200
    assert "Set your password" in page.text
    assert "Welcome, Rhian Evans." in page.text
    assert "rhian@elmsworth.gov.example" in page.text
    assert page.text.count('autocomplete="new-password"') == 2

    response = set_password(client, invited)
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"
    inbox = client.get("/inbox/")
    assert inbox.status_code == 200
    assert "Your password is set and you are signed in." in inbox.text

    session.expire_all()
    user = session.scalar(select(StaffUser).where(StaffUser.email == "rhian@elmsworth.gov.example"))
    assert user.last_signed_in_at is not None
    invite = session.scalars(select(StaffInvite)).one()
    assert invite.used_at is not None
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).all()
    assert [event.action for event in events[:2]] == ["staff.sign_in", "staff.invite_accepted"]
    event = events[1]
    assert event.actor_id == user.id
    assert NEW_PASSWORD not in str(event.details)

    # The password works from now on.
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    again = post_form(
        client, "/staff/sign-in", {"email": "rhian@elmsworth.gov.example", "password": NEW_PASSWORD}
    )
    assert again.status_code == 302


def test_the_link_works_only_once(app, client, invited):
    set_password(client, invited)
    stranger = app.test_client()
    page = stranger.get(f"/staff/invite/{invited}")
    assert page.status_code == 410
    assert "This invitation link no longer works" in page.text
    assert "ask an administrator to send you a new invitation" in page.text
    # Nor can the used link be posted to, even with a form token from elsewhere.
    response = post_form(
        stranger,
        f"/staff/invite/{invited}",
        {"password": "another long password", "confirm": "another long password"},
        form_url="/staff/sign-in",
    )
    assert response.status_code == 410
    denied = post_form(
        stranger,
        "/staff/sign-in",
        {"email": "rhian@elmsworth.gov.example", "password": "another long password"},
    )
    assert denied.status_code == 400


def test_an_expired_link_is_refused(client, session, invited):
    session.execute(update(StaffInvite).values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    page = client.get(f"/staff/invite/{invited}")
    assert page.status_code == 410
    assert "This invitation has expired" in page.text
    assert "Ask an administrator to send you a new invitation." in page.text
    response = post_form(
        client,
        f"/staff/invite/{invited}",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        form_url="/staff/sign-in",
    )
    assert response.status_code == 410
    assert client.get("/inbox/").status_code == 302


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 300])
def test_an_unknown_link_is_not_found(client, invited, token):
    page = client.get(f"/staff/invite/{token}")
    assert page.status_code == 404
    assert "This invitation link is not valid" in page.text
    assert "Check that you copied the whole link" in page.text


def test_a_deactivated_persons_link_no_longer_works(client, session, invited):
    session.execute(update(StaffUser).values(is_active_account=False))
    session.commit()
    assert client.get(f"/staff/invite/{invited}").status_code == 410


def test_the_refusal_pages_speak_welsh(client, invited):
    page = client.get("/staff/invite/unknown-token", headers={"Accept-Language": "cy"})
    assert page.status_code == 404
    assert '<html lang="cy"' in page.text


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("", "", "Enter a password"),
        ("too short", "too short", "Your password must be at least 12 characters"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
        (NEW_PASSWORD, "", "Enter your password again"),
    ],
)
def test_a_weak_or_mistyped_password_is_explained(
    client, session, invited, password, confirm, message
):
    response = set_password(client, invited, password, confirm)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert message in response.text
    session.expire_all()
    assert session.scalars(select(StaffInvite)).one().used_at is None
    assert client.get("/inbox/").status_code == 302


def test_only_a_hash_of_the_token_is_stored(session, invited):
    invite = session.scalars(select(StaffInvite)).one()
    assert invited not in invite.token_hash
    assert len(invite.token_hash) == 64
    assert invite.expires_at - invite.created_at == timedelta(days=7)


def test_the_link_is_kept_out_of_caches_and_referrers(client, invited):
    for response in (client.get(f"/staff/invite/{invited}"), client.get("/staff/invite/nope")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_repeated_attempts_are_slowed_down(app, client, invited):
    from app.core.extensions import limiter

    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [set_password(client, invited, "short", "short").status_code for _ in range(4)]
        assert statuses == [400, 400, 400, 429]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
