"""What makes a staff password acceptable, wherever it is set, and changing
one's own password on the account page."""

from __future__ import annotations

import gzip
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.accounts.models import StaffSession, StaffUser
from app.accounts.passwords import common_passwords, password_problem
from app.accounts.services import find_staff
from app.core.audit import AuditEvent
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD, post_form

RHIAN = SimpleNamespace(email="rhian.evans@elmsworth.gov.example", name="Rhian Evans")
COMMON = "Choose a password that is harder to guess: this one is on a list of common passwords"
PERSONAL = "Choose a password that is harder to guess: do not use your email address or your name"
NEW_PASSWORD = "walnut ferry quietly hums"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "Enter a password"),
        ("x" * 11, "Your password must be at least 12 characters"),
        ("x" * 12, None),
        ("y" * 500, None),
        ("y" * 501, "Your password must be 500 characters or fewer"),
        ("1qaz2wsx3edc", COMMON),
        # The list is checked whatever the case.
        ("1QAZ2WSX3EDC", COMMON),
        ("QwErTyUiOp123", COMMON),
        ("Administrator", COMMON),
        ("Rhian.Evans@Elmsworth.gov.example", PERSONAL),
        ("rhian.evans@elmsworth.gov.example ", PERSONAL),
        ("rhian.evans1", None),
        ("RHIAN EVANS ", PERSONAL),  # long enough with its space, but still their name
        ("rhianevans99", None),
    ],
)
def test_password_problem(app_ctx, password, problem):
    assert password_problem(password, RHIAN) == problem


def test_a_name_run_together_is_refused(app_ctx):
    long_name = SimpleNamespace(email="x@example.org", name="Bartholomew Fairweather")
    assert password_problem("bartholomewfairweather", long_name) == PERSONAL
    assert password_problem("Bartholomew  Fairweather", long_name) == PERSONAL


def test_the_shipped_list_is_the_documented_one(app_ctx):
    from importlib import resources

    data = resources.files("app.accounts").joinpath("data")
    lines = gzip.decompress(data.joinpath("common-passwords.txt.gz").read_bytes()).splitlines()
    assert len(lines) == 49_233
    readme = data.joinpath("README.md").read_text()
    assert "49,233" in readme
    assert "MIT" in readme
    licence = data.joinpath("common-passwords-LICENSE.txt").read_text()
    assert "Permission is hereby granted" in licence
    assert "password" in common_passwords()
    assert TEST_PASSWORD not in common_passwords()


def test_create_staff_refuses_a_common_password_clearly(app, session):
    result = app.test_cli_runner().invoke(
        args=["create-staff", "chief@elmsworth.gov.example", "--role", "admin"],
        input="QWERTY123456\n",
    )
    assert result.exit_code == 1
    assert f"Error: {COMMON}" in result.output
    assert "Traceback" not in result.output
    assert find_staff(session, "chief@elmsworth.gov.example") is None


def test_create_staff_refuses_the_accounts_own_email(app, session):
    result = app.test_cli_runner().invoke(
        args=["create-staff", "chief.officer@elmsworth.gov.example"],
        input="Chief.Officer@elmsworth.gov.example\n",
    )
    assert result.exit_code == 1
    assert PERSONAL in result.output


def test_an_invitation_refuses_a_common_password(app, client, session, make_staff):
    from app.accounts.models import Role
    from app.accounts.services import invite_staff

    admin = make_staff("administrator")
    with app.test_request_context():
        invite_staff(
            session,
            email="rhian.evans@elmsworth.gov.example",
            name="Rhian Evans",
            role=Role.VIEWER,
            areas=[],
            invited_by=admin,
            locale="en",
        )
    session.commit()
    body = session.scalars(select(OutboxMessage)).one().body_text
    token = body.split("/staff/invite/")[1].split()[0]
    for password, problem in (
        ("Password1234", COMMON),
        ("rhian.evans@elmsworth.gov.example", PERSONAL),
    ):
        response = post_form(
            client, f"/staff/invite/{token}", {"password": password, "confirm": password}
        )
        assert response.status_code == 400
        assert problem in response.text


# Changing one's own password ------------------------------------------------------


def change(client, current: str, new: str, confirm: str | None = None):
    return post_form(
        client,
        "/staff/account/password",
        {
            "current_password": current,
            "password": new,
            "confirm": new if confirm is None else confirm,
        },
    )


def test_the_account_page_links_to_changing_the_password(client, sign_in):
    sign_in("viewer")
    page = client.get("/staff/account/")
    assert 'href="/staff/account/password"' in page.text
    form = client.get("/staff/account/password")
    assert form.status_code == 200
    assert form.text.count('autocomplete="new-password"') == 2
    assert 'autocomplete="current-password"' in form.text


def test_changing_the_password_keeps_this_browser_and_ends_the_others(
    app, client, session, sign_in
):
    user = sign_in("commissioner")
    elsewhere = app.test_client()
    post_form(elsewhere, "/staff/sign-in", {"email": user.email, "password": TEST_PASSWORD})
    assert elsewhere.get("/inbox/").status_code == 200

    response = change(client, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/account/"
    page = client.get("/staff/account/")
    assert page.status_code == 200
    assert "Your password has changed. You have been signed out everywhere else." in page.text

    assert elsewhere.get("/inbox/").status_code == 302
    session.expire_all()
    ended = session.scalars(
        select(StaffSession).where(StaffSession.ended_reason == "password_changed")
    ).all()
    assert len(ended) == 1
    assert session.get(StaffUser, user.id).check_password(NEW_PASSWORD)

    message = session.scalars(select(OutboxMessage)).one()
    assert message.to_address == user.email
    assert "has changed" in message.subject
    assert NEW_PASSWORD not in message.body_text
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.password_changed")
    ).one()
    assert event.actor_id == user.id
    assert NEW_PASSWORD not in str(event.details)


def test_the_email_is_in_the_language_they_use(client, session, sign_in):
    sign_in("viewer")
    client.set_cookie("language", "cy")
    response = change(client, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert session.scalars(select(OutboxMessage)).one().locale == "cy"


@pytest.mark.parametrize(
    ("current", "new", "confirm", "field", "message"),
    [
        (
            "wrong password!",
            NEW_PASSWORD,
            None,
            "current_password",
            "Your current password is not right",
        ),
        ("", NEW_PASSWORD, None, "current_password", "Enter your current password"),
        (TEST_PASSWORD, "x" * 11, None, "password", "Your password must be at least 12 characters"),
        (TEST_PASSWORD, "1Q2W3E4R5T6Y", None, "password", COMMON),
        (TEST_PASSWORD, "viewer@elmsworth.gov.example", None, "password", PERSONAL),
        (TEST_PASSWORD, TEST_PASSWORD, None, "password", "must be different from your current one"),
        (TEST_PASSWORD, NEW_PASSWORD, "something else", "confirm", "The passwords do not match"),
    ],
)
def test_a_change_that_will_not_do_says_why_and_changes_nothing(
    client, session, sign_in, current, new, confirm, field, message
):
    user = sign_in("viewer")
    response = change(client, current, new, confirm)
    assert response.status_code == 400
    assert message in response.text
    assert f'href="#{field}"' in response.text
    session.expire_all()
    assert session.get(StaffUser, user.id).check_password(TEST_PASSWORD)
    assert session.scalars(select(OutboxMessage)).all() == []


def test_changing_needs_a_signed_in_member_of_staff(client):
    response = client.get("/staff/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
