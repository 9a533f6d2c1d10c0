"""A member of staff who has forgotten their password asks for a link, gets
the same answer whoever they are, and the link works once, for an hour,
signing the account out everywhere and never signing anyone in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts import invites
from app.accounts.models import StaffInvite, StaffSession, StaffUser
from app.accounts.password_changes import reset_password
from app.accounts.services import deactivate_staff
from app.core.audit import AuditEvent
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD, csrf_token, post_form

NEW_PASSWORD = "lantern moss harbour twelve"
LINK = re.compile(r"http://localhost/staff/reset-password/([A-Za-z0-9_-]+)")
EMAIL = "commissioner@elmsworth.gov.example"


def ask(client, email: str):
    return post_form(client, "/staff/reset-password", {"email": email})


def emails(session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def actions(session) -> list[tuple[str, str | None]]:
    return [
        (event.action, event.object_ref)
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


@pytest.fixture
def token(client, session, make_staff) -> str:
    make_staff("commissioner")
    response = ask(client, EMAIL)
    assert response.status_code == 302
    (message,) = emails(session)
    return LINK.search(message.body_text).group(1)


def choose(client, token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return post_form(
        client,
        f"/staff/reset-password/{token}",
        {"password": password, "confirm": password if confirm is None else confirm},
    )


def can_sign_in(app, email: str, password: str) -> bool:
    other = app.test_client()
    response = post_form(other, "/staff/sign-in", {"email": email, "password": password})
    return response.status_code == 302


def test_the_sign_in_page_links_to_the_reset_page(client):
    page = client.get("/staff/sign-in")
    assert 'href="/staff/reset-password"' in page.text
    assert "Forgotten your password?" in page.text
    form = client.get("/staff/reset-password")
    assert form.status_code == 200
    assert "Reset your password" in form.text


def test_the_answer_is_the_same_for_known_unknown_and_inactive_addresses(
    client, session, make_staff
):
    make_staff("commissioner")
    admin = make_staff("administrator")
    gone = make_staff("viewer", email="left@elmsworth.gov.example")
    deactivate_staff(session, gone, by=admin)
    session.commit()

    answers = [
        ask(client, address)
        for address in (EMAIL.upper(), "nobody@elmsworth.gov.example", "left@elmsworth.gov.example")
    ]
    assert {response.status_code for response in answers} == {302}
    assert {response.headers["Location"] for response in answers} == {"/staff/reset-password/sent"}
    sent = client.get("/staff/reset-password/sent")
    assert "If an account exists for that email address, we have sent a link" in sent.text
    assert "60 minutes" in sent.text

    # Only the active account got an email, and only it is on the audit log.
    assert [message.to_address for message in emails(session)] == [EMAIL]
    requested = [ref for action, ref in actions(session) if action.startswith("staff.password")]
    assert requested == [EMAIL]


def test_a_bad_address_is_asked_for_again(client):
    response = ask(client, "not an address")
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.text


def test_the_emailed_link_lets_them_choose_a_password_then_sign_in(app, client, session, token):
    (message,) = emails(session)
    assert message.secret_links is True
    assert "Reset your password" in message.subject
    link = session.scalars(select(StaffInvite)).one()
    assert link.purpose == "reset"
    assert token not in link.token_hash  # only its hash is kept
    assert link.expires_at - link.created_at == timedelta(hours=1)

    page = client.get(f"/staff/reset-password/{token}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert EMAIL in page.text

    response = choose(client, token)
    assert response.status_code == 302
    # Never signed in by the link: they sign in, second factor and all.
    assert response.headers["Location"] == "/staff/sign-in"
    assert "Your password has been reset" in client.get("/staff/sign-in").text
    assert client.get("/inbox/").status_code == 302

    assert can_sign_in(app, EMAIL, NEW_PASSWORD)
    assert not can_sign_in(app, EMAIL, TEST_PASSWORD)
    assert ("staff.password_reset", EMAIL) in actions(session)
    changed = emails(session)[-1]
    assert changed.to_address == EMAIL
    assert "has changed" in changed.subject


def test_the_link_works_once(app, client, session, token):
    # The form, open in two tabs, is sent from both.
    form = {"csrf_token": csrf_token(client.get(f"/staff/reset-password/{token}").text)}
    first = client.post(
        f"/staff/reset-password/{token}",
        data={**form, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    second = client.post(
        f"/staff/reset-password/{token}",
        data={
            **form,
            "password": "another password entirely",
            "confirm": "another password entirely",
        },
    )
    assert first.status_code == 302
    assert second.status_code == 410
    assert "This link no longer works" in second.text
    assert can_sign_in(app, EMAIL, NEW_PASSWORD)


def test_a_double_submission_sets_the_password_once(session, token, app):
    link = invites.find_invite(session, token, purpose=invites.RESET).invite
    with app.test_request_context():
        reset_password(session, link, NEW_PASSWORD, locale="en")
        with pytest.raises(invites.InviteNoLongerValid):
            reset_password(session, link, "a different new password", locale="en")
    session.commit()
    user = session.scalar(select(StaffUser).where(StaffUser.email == EMAIL))
    assert user.check_password(NEW_PASSWORD)


def test_the_link_expires_at_the_hour(client, session, token, monkeypatch):
    link = session.scalars(select(StaffInvite)).one()
    monkeypatch.setattr(invites, "utcnow", lambda: link.expires_at - timedelta(seconds=1))
    assert client.get(f"/staff/reset-password/{token}").status_code == 200
    monkeypatch.setattr(invites, "utcnow", lambda: link.expires_at)
    expired = client.get(f"/staff/reset-password/{token}")
    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    assert 'href="/staff/reset-password"' in expired.text


def test_a_newer_link_replaces_the_older_one(client, session, token):
    ask(client, EMAIL)
    newer = LINK.search(emails(session)[-1].body_text).group(1)
    assert client.get(f"/staff/reset-password/{token}").status_code == 410
    assert client.get(f"/staff/reset-password/{newer}").status_code == 200


def test_a_reset_link_is_not_an_invitation_and_the_reverse(client, token):
    assert client.get(f"/staff/invite/{token}").status_code == 404
    assert client.get("/staff/reset-password/not-a-token").status_code == 404


def test_resetting_ends_every_session_of_the_account(app, client, session, token):
    elsewhere = app.test_client()
    post_form(elsewhere, "/staff/sign-in", {"email": EMAIL, "password": TEST_PASSWORD})
    assert elsewhere.get("/inbox/").status_code == 200

    choose(client, token)
    assert elsewhere.get("/inbox/").status_code == 302
    session.expire_all()
    rows = session.scalars(select(StaffSession)).all()
    assert rows
    assert {(row.ended_at is not None, row.ended_reason) for row in rows} == {
        (True, "password_reset")
    }


def test_a_deactivated_accounts_link_stops_working(client, session, make_staff, token):
    admin = make_staff("administrator")
    user = session.scalar(select(StaffUser).where(StaffUser.email == EMAIL))
    deactivate_staff(session, user, by=admin)
    session.commit()
    assert client.get(f"/staff/reset-password/{token}").status_code == 410


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("eleven char", "Your password must be at least 12 characters"),
        ("QWERTYUIOP123", "this one is on a list of common passwords"),
        (EMAIL.upper(), "do not use your email address or your name"),
    ],
)
def test_a_weak_password_is_refused_and_the_link_still_works(client, token, password, message):
    response = choose(client, token, password)
    assert response.status_code == 400
    assert message in response.text
    assert client.get(f"/staff/reset-password/{token}").status_code == 200


def test_nobody_can_fill_an_inbox_with_links(client, session, token):
    for _ in range(5):
        ask(client, EMAIL)
    assert len(emails(session)) == 3
    assert session.scalar(select(func.count()).where(StaffInvite.purpose == "reset")) == 3


def test_asking_is_slowed_down_like_signing_in(app, client):
    from app.core.extensions import limiter

    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [ask(client, "x@elmsworth.gov.example").status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
