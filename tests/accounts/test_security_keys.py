"""Security keys and passkeys: added, used at sign-in and removed, with real
WebAuthn responses (tests/accounts/soft_authenticator.py) checked by the
portal's own verification."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.accounts import security_keys
from app.accounts.models import StaffSecurityKey, StaffSession
from app.core.audit.models import AuditEvent
from tests.accounts.soft_authenticator import SoftAuthenticator
from tests.conftest import TEST_PASSWORD, csrf_token, post_form, sign_in_with_password

ADD = "/staff/account/security-keys/add"
ADD_OPTIONS = "/staff/account/security-keys/add/options"
KEY_STEP = "/staff/sign-in/security-key"
KEY_STEP_OPTIONS = "/staff/sign-in/security-key/options"


def options(client, url: str, form_url: str) -> str:
    """What the page's script fetches: a POST with the page's CSRF token in a header."""
    token = csrf_token(client.get(form_url).text)
    response = client.post(url, headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.text
    assert response.mimetype == "application/json"
    return response.text


def add_key(client, authenticator, name="Blue key", **bend):
    page = client.get(ADD)
    registration = authenticator.register(options(client, ADD_OPTIONS, ADD), **bend)
    return client.post(
        ADD,
        data={"csrf_token": csrf_token(page.text), "name": name, "credential": registration},
    )


def password_step(client, user):
    response = post_form(client, "/staff/sign-in", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def key_step(client, authenticator, **bend):
    page = client.get(KEY_STEP)
    assertion = authenticator.sign_in(options(client, KEY_STEP_OPTIONS, KEY_STEP), **bend)
    return client.post(
        KEY_STEP, data={"csrf_token": csrf_token(page.text), "credential": assertion}
    )


def sign_out(client):
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")


def signed_in(client) -> bool:
    return client.get("/inbox/").status_code == 200


def actions(session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def with_key(app, client, sign_in, session):
    """A commissioner who added a key while signed in, then signed out."""
    user = sign_in("commissioner")
    authenticator = SoftAuthenticator()
    response = add_key(client, authenticator)
    assert response.status_code == 302, response.text
    sign_out(client)
    return user, authenticator


# Adding ------------------------------------------------------------------------


def test_adding_a_key_lists_it_by_name_and_audits_it(client, sign_in, session):
    user = sign_in("viewer")
    response = add_key(client, SoftAuthenticator(), name="Work laptop")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/account/security-keys"

    listing = client.get("/staff/account/security-keys").text
    assert "Work laptop" in listing
    assert "Not used yet" in listing
    key = session.scalar(select(StaffSecurityKey))
    assert key.staff_user_id == user.id
    assert key.transports == "usb,nfc"
    assert "staff.security_key_added" in actions(session)
    assert "1 security key" in client.get("/staff/account/").text


def test_registration_options_name_the_public_address_and_exclude_keys_already_added(
    app, client, sign_in
):
    sign_in("commissioner")
    first = SoftAuthenticator()
    add_key(client, first)
    created = json.loads(options(client, ADD_OPTIONS, ADD))
    assert created["rp"] == {"id": "localhost", "name": app.config["COUNCIL_NAME"]}
    assert [entry["id"] for entry in created["excludeCredentials"]] == [first.credential_id_b64]
    assert created["authenticatorSelection"]["userVerification"] == "preferred"
    assert created["authenticatorSelection"]["residentKey"] == "preferred"
    assert created["user"]["name"] == "commissioner@elmsworth.gov.example"


def test_the_relying_party_comes_from_the_public_address_never_the_host(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://Portal.Example.gov.uk:8443/x")
    with app.test_request_context("/", base_url="http://evil.example"):
        rp = security_keys.relying_party()
    assert (rp.id, rp.origin) == ("portal.example.gov.uk", "https://portal.example.gov.uk:8443")
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://portal.example.gov.uk:443")
    with app.test_request_context("/"):
        assert security_keys.relying_party().origin == "https://portal.example.gov.uk"


def test_options_need_the_csrf_header(client, sign_in):
    sign_in("commissioner")
    assert client.post(ADD_OPTIONS).status_code == 400


def test_the_same_key_cannot_be_added_twice(client, sign_in, session):
    sign_in("commissioner")
    authenticator = SoftAuthenticator()
    assert add_key(client, authenticator).status_code == 302
    again = add_key(client, authenticator, name="Same key")
    assert again.status_code == 400
    assert "already added to your account" in again.text
    assert len(session.scalars(select(StaffSecurityKey)).all()) == 1


def test_two_keys_cannot_share_a_name(client, sign_in):
    sign_in("commissioner")
    add_key(client, SoftAuthenticator(), name="Blue key")
    response = add_key(client, SoftAuthenticator(), name="blue key")
    assert response.status_code == 400
    assert "You already have a security key with that name" in response.text


@pytest.mark.parametrize(
    "bend",
    [{"origin": "https://localhost.evil.example"}, {"origin": "http://localhost:8080"}],
    ids=["other-site", "other-port"],
)
def test_a_registration_made_for_another_origin_is_refused(client, sign_in, session, bend):
    sign_in("commissioner")
    response = add_key(client, SoftAuthenticator(), **bend)
    assert response.status_code == 400
    assert "We could not check your security key" in response.text
    assert session.scalar(select(StaffSecurityKey)) is None
    assert actions(session)[-1] == "staff.security_key_failed"


def test_a_registration_made_for_another_rp_id_is_refused(client, sign_in, session):
    sign_in("commissioner")
    response = add_key(client, SoftAuthenticator(), rp_id="evil.example")
    assert response.status_code == 400
    assert session.scalar(select(StaffSecurityKey)) is None


def test_the_browser_cancelling_shows_an_error_summary_and_try_again(client, sign_in):
    sign_in("commissioner")
    response = post_form(
        client, ADD, {"name": "Blue key", "credential": "", "client_error": "NotAllowedError"}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "You may have cancelled, or it took too long" in response.text
    assert re.search(r'id="add-security-key"[^>]*>\s*Try again', response.text)


def test_without_javascript_the_page_says_so_and_hides_the_form(client, sign_in):
    sign_in("commissioner")
    page = client.get(ADD).text
    assert "data-webauthn-unsupported" in page
    assert re.search(r'<form[^>]*data-webauthn="create"[^>]*hidden', page)
    assert re.search(r'src="/static/js/security-keys\.js(\?v=[0-9a-f]+)?"', page)


# Signing in --------------------------------------------------------------------


def test_a_password_alone_no_longer_signs_in_an_account_with_a_key(client, with_key):
    user, _authenticator = with_key
    response = password_step(client, user)
    assert response.headers["Location"] == "/staff/sign-in/second-step"
    assert client.get("/staff/sign-in/second-step").headers["Location"] == KEY_STEP
    assert not signed_in(client)


def test_signing_in_with_password_then_key(client, session, with_key):
    user, authenticator = with_key
    password_step(client, user)
    response = key_step(client, authenticator)
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"
    assert signed_in(client)

    key = session.scalar(select(StaffSecurityKey))
    assert key.sign_count == authenticator.sign_count == 1
    assert key.last_used_at is not None
    row = session.scalars(select(StaffSession).order_by(StaffSession.id.desc())).first()
    assert row.method == "password+security_key"
    assert actions(session)[-2:] == ["staff.security_key_used", "staff.sign_in"]


def test_a_passkey_that_never_counts_still_signs_in_each_time(client, with_key):
    user, authenticator = with_key
    authenticator.counts = False
    authenticator.sign_count = 0
    for _ in range(2):
        password_step(client, user)
        assert key_step(client, authenticator).status_code == 302
        assert signed_in(client)
        sign_out(client)


def test_the_key_step_needs_the_password_step_first(client, with_key):
    assert client.get(KEY_STEP).headers["Location"] == "/staff/sign-in"
    assert client.post(KEY_STEP_OPTIONS, headers={"X-CSRFToken": "x"}).status_code == 400


@pytest.mark.parametrize(
    "bend",
    [
        {"origin": "https://localhost.evil.example"},
        {"origin": "https://localhost"},
        {"rp_id": "evil.example"},
        {"rp_id": "localhost.evil.example"},
    ],
    ids=["other-site", "other-scheme", "other-rp-id", "look-alike-rp-id"],
)
def test_an_assertion_for_another_origin_or_rp_id_is_refused(client, session, with_key, bend):
    user, authenticator = with_key
    password_step(client, user)
    response = key_step(client, authenticator, **bend)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "We could not check your security key" in response.text
    assert not signed_in(client)
    assert actions(session)[-1] == "staff.security_key_failed"


def test_a_response_cannot_be_replayed(app, client, session, with_key):
    user, authenticator = with_key
    # A passkey that never counts: its counter cannot catch a replay, the challenge must.
    authenticator.counts = False
    password_step(client, user)
    page = client.get(KEY_STEP)
    assertion = authenticator.sign_in(options(client, KEY_STEP_OPTIONS, KEY_STEP))
    # Someone keeps a copy of the cookie holding the challenge, and the response.
    copied_cookie = client.get_cookie("session", domain="localhost").value
    token = csrf_token(page.text)
    assert (
        client.post(KEY_STEP, data={"csrf_token": token, "credential": assertion}).status_code
        == 302
    )
    sign_out(client)

    # Again in the same browser: the challenge was used up.
    password_step(client, user)
    again = client.post(
        KEY_STEP,
        data={"csrf_token": csrf_token(client.get(KEY_STEP).text), "credential": assertion},
    )
    assert again.status_code == 400
    assert "has already been used or has run out" in again.text

    # With the copied cookie: the challenge is older than the key's last use.
    thief = app.test_client()
    thief.set_cookie("session", copied_cookie, domain="localhost")
    stolen = thief.post(KEY_STEP, data={"csrf_token": token, "credential": assertion})
    assert stolen.status_code == 400
    assert "has already been used or has run out" in stolen.text
    assert not signed_in(thief)


def test_a_challenge_runs_out_after_five_minutes(client, monkeypatch, with_key):
    user, authenticator = with_key
    password_step(client, user)
    page = client.get(KEY_STEP)
    assertion = authenticator.sign_in(options(client, KEY_STEP_OPTIONS, KEY_STEP))
    issued = security_keys.time.time()
    monkeypatch.setattr(security_keys.time, "time", lambda: issued + 5 * 60 + 1)
    response = client.post(
        KEY_STEP, data={"csrf_token": csrf_token(page.text), "credential": assertion}
    )
    assert response.status_code == 400
    assert "has run out" in response.text


def test_a_counter_gone_backwards_is_refused_as_a_copied_key(client, session, with_key):
    user, authenticator = with_key
    password_step(client, user)
    key_step(client, authenticator)  # the counter is now 1
    sign_out(client)
    for count in (1, 0):
        password_step(client, user)
        response = key_step(client, authenticator, sign_count=count)
        assert response.status_code == 400
        assert "looks like it has been copied" in response.text
        assert not signed_in(client)
        assert actions(session)[-1] == "staff.security_key_cloned"
    assert session.scalar(select(StaffSecurityKey.sign_count)) == 1


def test_a_key_of_another_account_is_refused(client, session, make_staff, with_key):
    user, _authenticator = with_key
    colleague = make_staff("viewer", email="colleague@elmsworth.gov.example")
    theirs = SoftAuthenticator()
    session.add(
        StaffSecurityKey(
            staff_user_id=colleague.id,
            name="Theirs",
            credential_id=theirs.credential_id,
            public_key=theirs._cose_public_key(),
            sign_count=0,
        )
    )
    session.commit()
    password_step(client, user)
    response = key_step(client, theirs)
    assert response.status_code == 400
    assert "has not been added to your account" in response.text
    assert not signed_in(client)


def test_a_cancelled_prompt_offers_try_again_and_a_code_where_there_is_one(
    client, session, with_key
):
    user, _authenticator = with_key
    password_step(client, user)
    response = post_form(client, KEY_STEP, {"credential": "", "client_error": "NotAllowedError"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert re.search(r'id="use-security-key"[^>]*>\s*Try again', response.text)
    # This account has no one-time codes, so no link to them.
    assert "Use a code instead" not in response.text


# Removing ----------------------------------------------------------------------


def _remove_url(session) -> str:
    key = session.scalar(select(StaffSecurityKey))
    return f"/staff/account/security-keys/{key.id}/remove"


def _signed_in_with_key(client, with_key):
    user, authenticator = with_key
    password_step(client, user)
    assert key_step(client, authenticator).status_code == 302
    return user, authenticator


def test_removing_a_key_needs_the_right_password(client, session, with_key):
    user, _authenticator = _signed_in_with_key(client, with_key)
    url = _remove_url(session)
    wrong = post_form(client, url, {"password": "not my password at all"})
    assert wrong.status_code == 400
    assert "Enter your correct password" in wrong.text
    assert session.scalar(select(StaffSecurityKey)) is not None

    right = post_form(client, url, {"password": TEST_PASSWORD})
    assert right.status_code == 302
    assert session.scalar(select(StaffSecurityKey)) is None
    assert actions(session)[-1] == "staff.security_key_removed"
    assert "You have not added a security key" in client.get("/staff/account/security-keys").text

    # With no key left, the password alone signs in again.
    sign_out(client)
    assert password_step(client, user).headers["Location"] == "/inbox/"


def test_removing_a_key_by_using_a_key(client, session, with_key):
    _user, authenticator = _signed_in_with_key(client, with_key)
    url = _remove_url(session)
    page = client.get(url)
    assertion = authenticator.sign_in(
        options(client, "/staff/account/security-keys/confirm/options", url)
    )
    response = client.post(
        url + "/with-key", data={"csrf_token": csrf_token(page.text), "credential": assertion}
    )
    assert response.status_code == 302
    assert session.scalar(select(StaffSecurityKey)) is None
    assert actions(session)[-2:] == ["staff.security_key_used", "staff.security_key_removed"]


def test_nobody_can_reach_another_accounts_key(app, client, session, make_staff, with_key):
    _signed_in_with_key(client, with_key)
    url = _remove_url(session)
    other = app.test_client()
    colleague = make_staff("administrator", email="admin@elmsworth.gov.example")
    # An administrator: the password, then a one-time code.
    assert sign_in_with_password(other, colleague.email).status_code == 302
    assert other.get(url).status_code == 404
    assert other.post(url, data={"password": TEST_PASSWORD}).status_code == 404
    assert session.scalar(select(StaffSecurityKey)) is not None
