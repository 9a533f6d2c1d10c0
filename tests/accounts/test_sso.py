"""Staff sign in through the council's identity provider (OpenID Connect).

Every test here talks to a real provider (tests/oidc_provider.py) over HTTP:
the portal's button sends the browser there, the provider sends it back with
a code, and the portal fetches the ID token and the provider's keys itself.
"""

from __future__ import annotations

import re
import time
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey
from sqlalchemy import select

from app.accounts.models import StaffInvite, StaffSession, StaffUser
from app.accounts.services import is_awaiting_password
from app.config import ConfigurationError, load_config
from app.core.audit import AuditEvent
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD, csrf_token, post_form
from tests.oidc_provider import KEY_ID, OIDCProvider

CALLBACK = "http://localhost/staff/sign-in/sso/callback"
LABEL = "Sign in with Elmsworth Council account"
UNKNOWN = "Your council account is not set up for this portal. Ask an administrator to invite you."


@pytest.fixture(scope="module")
def provider():
    running = OIDCProvider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(app, provider, monkeypatch):
    """The portal set up to sign staff in through `provider`."""
    provider.reset()
    settings = {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret,
        "OIDC_BUTTON_LABEL": LABEL,
        "OIDC_SCOPES": "openid email profile",
        "OIDC_ALLOWED_DOMAINS": [],
        "PASSWORD_SIGN_IN": True,
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    # Each test starts with nothing read from the provider yet.
    app.extensions.pop("portal_sso", None)
    yield provider
    app.extensions.pop("portal_sso", None)


def start(client, next_path: str | None = None):
    """Press the sign-in page's button; the portal's redirect to the provider."""
    page = client.get(
        "/staff/sign-in" + (f"?{urlencode({'next': next_path})}" if next_path else "")
    )
    assert page.status_code == 200
    action = re.search(r'<form method="post" action="([^"]*/staff/sign-in/sso[^"]*)"', page.text)
    assert action, "no single sign-on button on the sign-in page"
    return client.post(unescape(action.group(1)), data={"csrf_token": csrf_token(page.text)})


def at_provider(location: str) -> str:
    """The browser at the provider, which approves at once; where it sends us back."""
    answer = requests.get(location, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def through_provider(client, provider, next_path: str | None = None):
    """A whole sign-in: button, provider, and back to the portal's callback."""
    started = start(client, next_path)
    assert started.status_code == 302
    assert started.headers["Location"].startswith(provider.issuer + "/authorize?")
    back = at_provider(started.headers["Location"])
    assert back.startswith(CALLBACK + "?")
    return client.get(back)


def signed_in(client) -> bool:
    return client.get("/inbox/").status_code == 200


def events(session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# Configured or not -----------------------------------------------------------


def test_no_button_and_no_sign_in_route_when_single_sign_on_is_not_set_up(client):
    page = client.get("/staff/sign-in")
    assert page.status_code == 200
    assert "/staff/sign-in/sso" not in page.text
    assert "council account" not in page.text
    assert 'name="password"' in page.text
    assert "form-action 'self';" in page.headers["Content-Security-Policy"]
    refused = client.post("/staff/sign-in/sso", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 404
    assert client.get("/staff/sign-in/sso/callback?code=x&state=y").status_code == 404


def test_the_sign_in_page_offers_the_council_account_above_the_password(client, sso):
    page = client.get("/staff/sign-in")
    assert page.text.count(LABEL) == 1
    assert page.text.index(LABEL) < page.text.index('name="password"')
    assert "Or sign in with your email address and password" in page.text
    # Browsers hold the redirect after the button's form to the page's form-action.
    assert f"form-action 'self' {sso.issuer};" in page.headers["Content-Security-Policy"]
    # Pages without the button keep to this site.
    other = client.get("/plans/")
    assert "form-action 'self';" in other.headers["Content-Security-Policy"]


def test_the_button_needs_the_form_token(client, sso):
    assert client.post("/staff/sign-in/sso").status_code == 400
    assert sso.authorize_requests == []


def test_the_button_speaks_welsh_when_the_council_gives_its_words(app, client, sso, monkeypatch):
    monkeypatch.setitem(app.config, "OIDC_BUTTON_LABEL_CY", "Mewngofnodi gyda chyfrif Elmsworth")
    page = client.get("/staff/sign-in?lang=cy")
    assert "Mewngofnodi gyda chyfrif Elmsworth" in page.text
    assert LABEL not in page.text


# Signing in -----------------------------------------------------------------


def test_signing_in_through_the_provider_returns_to_the_page_asked_for(
    app, client, session, sso, make_staff, monkeypatch
):
    monkeypatch.setitem(app.config, "OIDC_ALLOWED_DOMAINS", ["elmsworth.gov.example"])
    user = make_staff("commissioner", email="rhian@elmsworth.gov.example")
    # The provider's spelling of the address need not match the portal's.
    sso.user["email"] = "Rhian@Elmsworth.GOV.example"
    first = client.get("/admin/plans/")
    next_path = parse_qs(urlsplit(first.headers["Location"]).query)["next"][0]

    response = through_provider(client, sso, next_path)

    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/admin/plans/"
    assert signed_in(client)
    [entry] = events(session, "staff.sign_in")
    assert entry.actor_id == user.id
    assert "sso" in entry.summary
    [kept] = session.scalars(select(StaffSession)).all()
    assert kept.method == "sso"
    assert kept.staff_user_id == user.id
    # The portal asked for the code flow with state, nonce and PKCE (S256),
    # came back to its public address and proved the verifier for the token.
    [asked] = sso.authorize_requests
    assert asked["response_type"] == "code"
    assert asked["scope"] == "openid email profile"
    assert asked["redirect_uri"] == CALLBACK
    assert asked["code_challenge_method"] == "S256"
    assert asked["state"]
    assert asked["nonce"]
    [exchanged] = sso.token_requests
    assert len(exchanged["code_verifier"]) >= 43


def test_an_administrator_still_goes_on_to_the_portal_s_second_step(
    client, session, sso, make_staff
):
    admin = make_staff("administrator", email="rhian@elmsworth.gov.example")
    admin.totp_secret = "JBSWY3DPEHPK3PXP"
    admin.totp_enabled_at = admin.created_at
    session.commit()
    response = through_provider(client, sso)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/sign-in/second-step"
    assert not signed_in(client)
    assert events(session, "staff.sign_in") == []


def test_the_provider_is_discovered_once_and_remembered(client, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    assert through_provider(client, sso).status_code == 302
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    assert through_provider(client, sso).status_code == 302
    assert sso.discovery_requests == 1


def test_a_code_works_once(client, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    started = start(client)
    back = at_provider(started.headers["Location"])
    assert client.get(back).status_code == 302
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    again = client.get(back)
    assert again.status_code == 400
    assert not signed_in(client)


def invite_rhian(client, session, sign_in) -> str:
    """Invite Rhian as an administrator would; the path of her emailed link."""
    sign_in("administrator")
    invited = post_form(
        client,
        "/admin/users/invite",
        {"name": "Rhian Evans", "email": "rhian@elmsworth.gov.example", "role": "commissioner"},
    )
    assert invited.status_code == 302, invited.text
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    message = session.scalars(select(OutboxMessage)).one()
    return re.search(r"http://localhost(/staff/invite/[A-Za-z0-9_-]+)", message.body_text)[1]


def test_an_invited_member_of_staff_accepts_by_signing_in(client, session, sso, sign_in):
    link = invite_rhian(client, session, sign_in)
    page = client.get(link)
    assert "You can sign in with your council account instead of choosing a password." in (
        page.text
    )
    assert LABEL in page.text
    assert 'name="password"' in page.text

    response = through_provider(client, sso)

    assert response.status_code == 302, response.text
    assert signed_in(client)
    session.expire_all()
    user = session.scalars(select(StaffUser).where(StaffUser.email == sso.user["email"])).one()
    assert not is_awaiting_password(session, user)
    assert session.scalars(select(StaffInvite.used_at)).one() is not None
    assert len(events(session, "staff.invite_accepted")) == 1
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    # The emailed link can no longer set a password.
    assert client.get(link).status_code == 410


def test_with_passwords_off_an_invitation_only_offers_the_council_account(
    app, client, session, sso, sign_in, monkeypatch
):
    link = invite_rhian(client, session, sign_in)
    monkeypatch.setitem(app.config, "PASSWORD_SIGN_IN", False)
    page = client.get(link)
    assert page.status_code == 200
    assert "Finish setting up your account" in page.text
    assert LABEL in page.text
    assert 'name="password"' not in page.text


# Refused: the provider vouched, the portal says no ----------------------------


def test_an_address_with_no_account_is_told_to_ask_for_an_invitation(client, session, sso):
    response = through_provider(client, sso)
    assert response.status_code == 403
    assert UNKNOWN in response.text
    assert not signed_in(client)
    [entry] = events(session, "staff.sso_refused")
    assert entry.details["reason"] == "unknown_account"
    assert entry.object_ref == "rhian@elmsworth.gov.example"


def test_a_deactivated_account_is_refused(client, session, sso, make_staff):
    user = make_staff("commissioner", email="rhian@elmsworth.gov.example")
    user.is_active_account = False
    session.commit()
    response = through_provider(client, sso)
    assert response.status_code == 403
    assert "Your account for this portal has been deactivated" in response.text
    assert not signed_in(client)
    [entry] = events(session, "staff.sso_refused")
    assert entry.details["reason"] == "inactive_account"
    assert events(session, "staff.sign_in") == []


@pytest.mark.parametrize(
    "changes",
    [
        {"email_verified": False},
        {"email_verified": "false"},
        {"email_verified": None},  # not said at all
        {"email_verified": False, "xms_edov": True},  # Entra's claim never overrules a "no"
        {"email": None},
    ],
)
def test_an_address_the_provider_does_not_vouch_for_is_refused(
    client, session, sso, make_staff, changes
):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    sso.id_token_changes = changes
    response = through_provider(client, sso)
    assert response.status_code == 403
    assert "We could not confirm your email address" in response.text
    assert not signed_in(client)
    [entry] = events(session, "staff.sso_refused")
    assert entry.details["reason"] in {"unverified_email", "no_email"}


def test_entra_s_domain_verified_claim_stands_in_for_email_verified(client, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    sso.id_token_changes = {"email_verified": None, "xms_edov": True}
    assert through_provider(client, sso).status_code == 302
    assert signed_in(client)


def test_an_address_outside_the_allowed_domains_is_refused(
    app, client, session, sso, make_staff, monkeypatch
):
    monkeypatch.setitem(app.config, "OIDC_ALLOWED_DOMAINS", ["elmsworth.gov.example"])
    # Even an account the portal has: a guest in the council's directory, say.
    make_staff("commissioner", email="rhian@partner.example")
    sso.user["email"] = "rhian@partner.example"
    response = through_provider(client, sso)
    assert response.status_code == 403
    assert "You cannot use that account here" in response.text
    assert not signed_in(client)
    [entry] = events(session, "staff.sso_refused")
    assert entry.details == {"reason": "domain_not_allowed", "email_domain": "partner.example"}


# Refused: the answer fails its checks ---------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"nonce": "a-nonce-from-another-sign-in"}, id="wrong nonce"),
        pytest.param({"nonce": None}, id="no nonce"),
        # Minted for another application that names us as its authorised party.
        pytest.param({"aud": "another-application", "azp": "commissioning-portal"}, id="aud"),
        pytest.param({"aud": ["another-application"]}, id="aud list"),
        pytest.param({"iss": "https://login.example.net/other-tenant/v2.0"}, id="issuer"),
        pytest.param({"exp": int(time.time()) - 600}, id="expired"),
    ],
)
def test_an_id_token_that_fails_its_checks_signs_nobody_in(
    client, session, sso, make_staff, changes
):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    sso.id_token_changes = changes
    response = through_provider(client, sso)
    assert response.status_code == 400
    assert "There was a problem signing you in" in response.text
    assert not signed_in(client)
    [entry] = events(session, "staff.sso_refused")
    assert entry.details["reason"] == "answer_rejected"


def test_an_id_token_signed_with_another_key_signs_nobody_in(client, session, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    # The same key id as the provider's real key: only the signature gives it away.
    sso.sign_with = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
    response = through_provider(client, sso)
    assert response.status_code == 400
    assert "There was a problem signing you in" in response.text
    assert not signed_in(client)
    assert len(events(session, "staff.sso_refused")) == 1


def test_a_callback_whose_state_this_browser_did_not_start_is_refused(app, client, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    started = start(client)
    back = at_provider(started.headers["Location"])
    query = parse_qs(urlsplit(back).query)
    forged = f"{CALLBACK}?{urlencode({'code': query['code'][0], 'state': 'not-the-state'})}"
    response = client.get(forged)
    assert response.status_code == 400
    assert "Your sign-in timed out" in response.text
    assert not signed_in(client)
    # Nor does the real answer work in another browser.
    other = app.test_client()
    assert other.get(back).status_code == 400
    assert not signed_in(other)
    assert sso.token_requests == []


def test_saying_no_at_the_provider_shows_a_page_not_an_error(client, sso, make_staff):
    make_staff("commissioner", email="rhian@elmsworth.gov.example")
    sso.deny = True
    response = through_provider(client, sso)
    assert response.status_code == 400
    assert "You did not finish signing in" in response.text
    assert not signed_in(client)


def test_a_provider_that_cannot_be_reached_shows_a_page_not_an_error(app, client, sso, monkeypatch):
    # A port nobody listens on: the provider is down.
    monkeypatch.setitem(app.config, "OIDC_ISSUER", "http://127.0.0.1:9")
    response = start(client)
    assert response.status_code == 503
    assert "not working at the moment" in response.text


# Passwords switched off ------------------------------------------------------


def test_with_passwords_off_only_administrators_may_use_one(
    app, client, session, sso, make_staff, monkeypatch
):
    monkeypatch.setitem(app.config, "PASSWORD_SIGN_IN", False)
    commissioner = make_staff("commissioner")
    administrator = make_staff("administrator")
    page = client.get("/staff/sign-in")
    assert "Administrators: sign in with a password" in page.text

    refused = post_form(
        client, "/staff/sign-in", {"email": commissioner.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 400
    assert "Only administrators can sign in with a password" in refused.text
    assert not signed_in(client)
    # The same words as a wrong password: the form tells nobody which passwords are right.
    wrong = post_form(client, "/staff/sign-in", {"email": commissioner.email, "password": "x"})
    assert "Only administrators can sign in with a password" in wrong.text

    allowed = post_form(
        client, "/staff/sign-in", {"email": administrator.email, "password": TEST_PASSWORD}
    )
    assert allowed.status_code == 302


# Settings --------------------------------------------------------------------


@pytest.fixture
def sso_env(monkeypatch):
    monkeypatch.setenv("OIDC_ISSUER", "https://login.microsoftonline.com/tenant-id/v2.0/")
    monkeypatch.setenv("OIDC_CLIENT_ID", "portal")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "secret")
    monkeypatch.setenv("OIDC_ALLOWED_DOMAINS", " Elmsworth.gov.example, ,schools.example ")
    monkeypatch.delenv("PASSWORD_SIGN_IN", raising=False)
    return monkeypatch


def test_settings_are_read_from_the_environment(sso_env, tmp_path):
    config = load_config(tmp_path, "development")
    assert config.OIDC_ISSUER == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert config.OIDC_SCOPES == "openid email profile"
    assert config.OIDC_ALLOWED_DOMAINS == ["elmsworth.gov.example", "schools.example"]
    assert config.PASSWORD_SIGN_IN is True


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("OIDC_ISSUER", "http://login.example.net/tenant", "https"),
        ("OIDC_ISSUER", "login.microsoftonline.com", "https"),
        ("OIDC_CLIENT_SECRET", "", "OIDC_CLIENT_SECRET"),
        ("OIDC_SCOPES", "email profile", "openid"),
    ],
)
def test_settings_that_cannot_work_stop_the_portal_starting(
    sso_env, tmp_path, name, value, complaint
):
    sso_env.setenv(name, value)
    with pytest.raises(ConfigurationError, match=complaint):
        load_config(tmp_path, "development")


def test_passwords_can_be_switched_off_only_with_single_sign_on(sso_env, tmp_path):
    sso_env.setenv("PASSWORD_SIGN_IN", "off")
    assert load_config(tmp_path, "development").PASSWORD_SIGN_IN is False
    sso_env.setenv("OIDC_ISSUER", "")
    with pytest.raises(ConfigurationError, match="PASSWORD_SIGN_IN"):
        load_config(tmp_path, "development")
