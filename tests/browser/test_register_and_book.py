"""A new organisation registers and books a place in one form, with the
keyboard alone; axe-core checks every page on the way, and the emailed
confirmation carries the event as a calendar file."""

from __future__ import annotations

import email
import email.policy
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from tests.browser.test_events import create_event
from tests.browser.test_keyboard import active_element, tab_to
from tests.browser.test_suppliers import check_axe
from tests.browser.welsh import words_in

pytestmark = pytest.mark.browser

FORM_TABS = 400  # the registration has many checkboxes before the booking


def emailed(folder: Path, to: str, subject_has: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == to and subject_has in str(message["Subject"]):
                return message
        time.sleep(0.2)
    pytest.fail(f"no email to {to} about {subject_has!r}", pytrace=False)


def press_enter_and_wait(page):
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    return navigation.value


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector, limit=FORM_TABS)
    page.keyboard.type(text)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_register_and_book_by_keyboard(open_context, mail_folder, language):
    say = words_in(language)
    stamp = str(int(time.time() * 1000))[-6:]
    staff, _staff_journal = open_context("en", staff=True)
    title = f"Meet the buyer: community transport {stamp}"
    create_event(staff.new_page(), title)
    staff_page = staff.new_page()
    staff_page.goto("/events/")
    event_path = staff_page.locator(f"a:text('{title}')").get_attribute("href")

    context, journal = open_context(language)
    page = context.new_page()
    page.goto(event_path)
    check_axe(page)
    tab_to(page, "#main-content a.govuk-button")
    press_enter_and_wait(page)
    assert urlsplit(page.url).path == f"{event_path}/book"
    check_axe(page)

    tab_to(page, f"a[href='{event_path}/book/register']")
    assert say("I’m new: register and book") in active_element(page)
    press_enter_and_wait(page)
    assert page.locator("h1").inner_text() == say("Register and book a place")
    check_axe(page)

    address = f"transport-{language}-{stamp}@example.org"
    type_into(page, "#name", "Elm Valley Community Transport")
    # Into the radio group, then the arrow keys choose within it.
    tab_to(page, "input[name=legal_form]")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    assert page.locator("#legal_form-7").is_checked()  # unincorporated community group
    type_into(page, "#staff_count", "3")
    type_into(page, "#volunteer_count", "25")
    tab_to(page, "input[name=turnover_band]")
    page.keyboard.press("Space")
    # The postcode is left out on purpose, to be put right from the error summary.
    type_into(page, "#contact_name", "Gwen Hollis")
    type_into(page, "#contact_email", address)
    type_into(page, "#names", "Gwen Hollis")
    type_into(page, "#access_needs", "A space for a wheelchair")
    tab_to(page, "#main-content form button[type=submit]", limit=FORM_TABS)
    assert say("Register and book") in active_element(page)
    refused = press_enter_and_wait(page)
    assert refused.status == 400

    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    assert say("Enter a postcode") in page.locator(".govuk-error-summary").inner_text()
    check_axe(page)
    # The answers are kept.
    assert page.locator("#name").input_value() == "Elm Valley Community Transport"
    assert page.locator("#names").input_value() == "Gwen Hollis"
    assert page.locator("#legal_form-7").is_checked()

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link moves focus to the postcode box
    assert active_element(page).startswith("input#postcode"), active_element(page)
    page.keyboard.type("EW4 2RT")
    tab_to(page, "#main-content form button[type=submit]", limit=FORM_TABS)
    press_enter_and_wait(page)

    assert page.locator(".govuk-panel__title").inner_text() == say("Booking confirmed")
    assert say("Use the link in that email to cancel the booking if you cannot come.") in (
        page.locator("#main-content").inner_text()
    )
    check_axe(page)
    # The visitor is not signed in: the address is not proven yet.
    page.goto("/suppliers/account")
    assert urlsplit(page.url).path == "/suppliers/sign-in"

    # The emails come in the language the booking was made in.
    confirmation = emailed(
        mail_folder, address, say("Booking confirmed: %(title)s (%(reference)s)").split(":")[0]
    )
    assert "/events/bookings/" in confirmation.get_body(("plain",)).get_content()
    [attachment] = list(confirmation.iter_attachments())
    [entry] = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
    assert str(entry["SUMMARY"]) == title
    emailed(
        mail_folder, address, say("You are on the supplier register (%(reference)s)").split(" (")[0]
    )

    # Only the form sent without a postcode answered 400.
    assert journal.problems((400, refused.url)) == []
