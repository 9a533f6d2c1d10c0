"""A viewer sets up one-time codes from their account page with the keyboard
alone, reading the key from the page as they would type it into an app,
then signs out and back in with a code. axe-core checks each new page in
English and in Welsh."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.codes import one_time_code
from tests.browser.test_keyboard import active_element, tab_to
from tests.browser.test_suppliers import check_axe, emailed

pytestmark = pytest.mark.browser

VIEWER = "codes.viewer@elmsworth.gov.example"
VIEWER_PASSWORD = "kettle orchard lantern pebble"


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def path_of(page) -> str:
    return urlsplit(page.url).path


def check_axe_in_both_languages(page, base_url: str) -> None:
    """axe in English, then the same page in Welsh, then back to English."""
    context = page.context
    for language in ("en", "cy"):
        context.add_cookies([{"name": "language", "value": language, "url": base_url}])
        page.reload()
        assert page.evaluate("() => document.documentElement.lang") == language
        check_axe(page)
    context.add_cookies([{"name": "language", "value": "en", "url": base_url}])
    page.reload()


def invite_viewer(open_context, mail_folder) -> str:
    """An administrator invites the viewer; returns the emailed link."""
    context, _journal = open_context("en", staff=True)
    page = context.new_page()
    page.goto("/admin/users/invite")
    page.fill("#name", "Codes Viewer")
    page.fill("#email", VIEWER)
    page.check("input[name=role][value=viewer]")
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    assert path_of(page) == "/admin/users", page.url
    return emailed(mail_folder, VIEWER, r"http://\S+/staff/invite/[A-Za-z0-9_\-]+")


def test_a_viewer_sets_up_codes_by_keyboard_and_signs_in_with_one(
    open_context, live_server, mail_folder
):
    link = invite_viewer(open_context, mail_folder)
    context, journal = open_context("en")
    page = context.new_page()
    page.goto(link)
    tab_to(page, "input#password")
    page.keyboard.type(VIEWER_PASSWORD)
    tab_to(page, "input#confirm")
    page.keyboard.type(VIEWER_PASSWORD)
    press_enter_and_wait(page)
    assert path_of(page) == "/inbox/", page.url

    # From the account page to the set-up page.
    page.goto("/staff/account/")
    check_axe_in_both_languages(page, live_server)
    tab_to(page, "#main-content a[href='/staff/account/one-time-codes/set-up']")
    press_enter_and_wait(page)
    assert path_of(page) == "/staff/account/one-time-codes/set-up", page.url
    assert page.locator("#main-content img[src^='data:image/png']").count() == 1
    check_axe_in_both_languages(page, live_server)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert len(secret) == 32

    # A wrong code first: the error summary says so.
    tab_to(page, "input#code")
    page.keyboard.type("000000")
    press_enter_and_wait(page)
    assert page.locator(".govuk-error-summary").count() == 1
    check_axe(page)
    tab_to(page, "input#code")
    page.keyboard.press("Control+A")
    page.keyboard.type(one_time_code(secret))
    press_enter_and_wait(page)
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10, codes
    check_axe(page)
    tab_to(page, "#main-content a.govuk-button")
    assert "I have saved these codes" in active_element(page)
    press_enter_and_wait(page)
    assert path_of(page) == "/staff/account/", page.url
    assert "10 recovery codes left" in page.locator("#main-content").inner_text()
    check_axe_in_both_languages(page, live_server)

    # Sign out, and back in: the password, then a code.
    tab_to(page, ".app-staff-bar__form button")
    press_enter_and_wait(page)
    page.goto("/staff/sign-in")
    tab_to(page, "input#email")
    page.keyboard.type(VIEWER)
    tab_to(page, "input#password")
    page.keyboard.type(VIEWER_PASSWORD)
    press_enter_and_wait(page)
    assert path_of(page) == "/staff/sign-in/code", page.url
    assert page.locator("input#code").get_attribute("autocomplete") == "one-time-code"
    check_axe_in_both_languages(page, live_server)
    page.goto("/staff/sign-in/recovery-code")
    check_axe_in_both_languages(page, live_server)
    page.goto("/staff/sign-in/code")
    tab_to(page, "input#code")
    page.keyboard.type(one_time_code(secret))
    press_enter_and_wait(page)
    assert path_of(page) == "/inbox/", page.url
    wrong_code = (400, f"{live_server}/staff/account/one-time-codes/set-up")
    assert journal.problems(expected=wrong_code) == []
