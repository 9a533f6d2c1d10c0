"""Security keys in Chromium, with the keyboard alone: add a passkey from the
account page, sign out, sign in with the password then the passkey, and
remove it again; every page on the way is checked by axe, in English and in
Welsh.

Chromium's virtual authenticator (Chrome DevTools Protocol, WebAuthn domain)
stands in for the key. WebAuthn needs a secure context and a domain as the
relying party ID, so these checks use the portal served as localhost
(`localhost_server`), not 127.0.0.1.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import new_context
from tests.browser.test_accessibility import AXE_OPTIONS, describe_violations
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

PASSWORD = "security-key-checks-password"
axe = Axe()


def virtual_authenticator(context, page) -> tuple:
    """A platform passkey that always finds its user present and verified."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def press_enter_and_wait(page, path: str) -> None:
    with page.expect_navigation(url=lambda url: urlsplit(url).path == path, timeout=15_000):
        page.keyboard.press("Enter")


def check_page(page, problems: list[str], what: str) -> None:
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    problems += [f"{what}: {line}" for line in describe_violations(violations)]
    if page.locator("h1").count() != 1:
        problems.append(f"{what}: expected exactly one <h1>")


def sign_in_with_password(page, email: str) -> None:
    page.goto("/staff/sign-in")
    tab_to(page, "#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_add_use_and_remove_a_passkey_by_keyboard(browser, localhost_server, run_flask, language):
    email = f"keys.{language}.{secrets.token_hex(4)}@elmsworth.gov.example"
    run_flask(localhost_server, "create-staff", email, "--role", "commissioner", stdin=PASSWORD)
    context, journal = new_context(browser, localhost_server, language)
    problems: list[str] = []
    try:
        page = context.new_page()
        cdp, authenticator = virtual_authenticator(context, page)

        # No key yet: the password alone signs in.
        sign_in_with_password(page, email)
        assert urlsplit(page.url).path == "/inbox/", page.url

        # The account page, then the security keys page, by keyboard.
        tab_to(page, ".app-staff-bar a[href='/staff/account/']")
        press_enter_and_wait(page, "/staff/account/")
        check_page(page, problems, "your account")
        tab_to(page, "a[href='/staff/account/security-keys']")
        press_enter_and_wait(page, "/staff/account/security-keys")
        check_page(page, problems, "security keys (none)")
        tab_to(page, "#add-security-key-link")
        press_enter_and_wait(page, "/staff/account/security-keys/add")
        # The script found WebAuthn: the form shows and the "cannot" message hides.
        assert page.locator("form[data-webauthn]").is_visible()
        assert not page.locator("[data-webauthn-unsupported]").is_visible()
        check_page(page, problems, "add a security key")
        tab_to(page, "#name")
        page.keyboard.type("Laptop passkey")
        tab_to(page, "#add-security-key")
        press_enter_and_wait(page, "/staff/account/security-keys")
        assert page.get_by_role("rowheader", name="Laptop passkey").is_visible()
        check_page(page, problems, "security keys (one)")
        stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
        assert len(stored["credentials"]) == 1
        assert stored["credentials"][0]["rpId"] == "localhost"

        # Sign out, then in again: the password, then the passkey.
        tab_to(page, ".app-staff-bar__button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        sign_in_with_password(page, email)
        assert urlsplit(page.url).path == "/staff/sign-in/security-key", page.url
        check_page(page, problems, "use your security key")
        tab_to(page, "#use-security-key")
        press_enter_and_wait(page, "/inbox/")

        # The key now shows its last use; remove it with the password.
        page.goto("/staff/account/security-keys")
        tab_to(page, "a[href$='/remove']")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        check_page(page, problems, "remove a security key")
        tab_to(page, "#password")
        page.keyboard.type(PASSWORD)
        tab_to(page, "#remove-with-password")
        press_enter_and_wait(page, "/staff/account/security-keys")
        assert page.locator("table").count() == 0
    finally:
        context.close()
    assert problems == []
    assert journal.problems() == []


def test_a_cancelled_prompt_shows_an_error_summary(browser, localhost_server, run_flask):
    """The passkey is there but the person never confirms: Chromium reports
    NotAllowedError, and the page explains and offers to try again."""
    email = f"keys.cancel.{secrets.token_hex(4)}@elmsworth.gov.example"
    run_flask(localhost_server, "create-staff", email, "--role", "viewer", stdin=PASSWORD)
    context, journal = new_context(browser, localhost_server, "cy")
    problems: list[str] = []
    try:
        page = context.new_page()
        cdp, authenticator = virtual_authenticator(context, page)
        sign_in_with_password(page, email)
        page.goto("/staff/account/security-keys/add")
        tab_to(page, "#name")
        page.keyboard.type("Passkey")
        tab_to(page, "#add-security-key")
        press_enter_and_wait(page, "/staff/account/security-keys")
        tab_to(page, ".app-staff-bar__button")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        sign_in_with_password(page, email)
        # The credential is gone from the authenticator, as if another device were used.
        cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator})
        tab_to(page, "#use-security-key")
        with page.expect_navigation(timeout=15_000):
            page.keyboard.press("Enter")
        assert page.locator(".govuk-error-summary").is_visible()
        refused = page.url
        check_page(page, problems, "security key refused (cy)")
    finally:
        context.close()
    assert problems == []
    # The refused attempt answers 400, as any form shown again with its errors.
    assert journal.problems(expected=(400, refused)) == []
