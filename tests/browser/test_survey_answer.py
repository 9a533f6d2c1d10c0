"""The third-sector survey in a real browser, by keyboard: an invited
organisation answers through its personal link (in English) and, trying
the link again, is told it has already answered; a group not on the
register answers through the open link in Welsh. axe-core checks every
page on the way, the error states included."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from tests.browser.test_consultations import Checked
from tests.browser.test_events import newest_email
from tests.browser.test_keyboard import tab_to
from tests.browser.test_suppliers import register

pytestmark = pytest.mark.browser

CONTINUE = "#main-content form[method=post] button[type=submit]"


def ensure_open_wave(page) -> str:
    """The admin path of the open wave, setting one up (as staff would)
    when none is open."""
    page.goto("/admin/surveys/")
    row = page.locator("table tr:has(.govuk-tag--green) a.govuk-link")
    if row.count():
        return urlsplit(row.first.get_attribute("href")).path
    today = datetime.now(ZoneInfo("Europe/London")).date()
    closes = today + timedelta(days=20)
    page.goto("/admin/surveys/new")
    page.fill("#title", "Browser check survey")
    for prefix, value in (("opens", today), ("closes", closes)):
        page.fill(f"#{prefix}-day", str(value.day))
        page.fill(f"#{prefix}-month", str(value.month))
        page.fill(f"#{prefix}-year", str(value.year))
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")
    with page.expect_navigation():
        page.click("#confirm")
    return urlsplit(page.url).path


def answer_questions(page, checked: Checked, words: str) -> int:
    """Answer every question page by keyboard: the first option, or `words`."""
    answered = 0
    while "/survey/question/" in page.url:
        if page.locator("textarea[name=answer]").count():
            tab_to(page, "textarea[name=answer]")
            page.keyboard.type(words)
        else:
            # Tab lands on the first option of a group; Space chooses it.
            tab_to(page, "input[name=answer]")
            page.keyboard.press("Space")
        checked.submit_with_enter(CONTINUE)
        answered += 1
        assert answered < 40, "the questions never ended"
    return answered


def test_an_invited_organisation_answers_by_keyboard_and_cannot_answer_twice(
    open_context, mail_folder
):
    stamp = str(int(time.time() * 1000))[-6:]
    staff, staff_journal = open_context("en", staff=True)
    staff_page = staff.new_page()
    staff_checked = Checked(staff_page)
    wave_path = ensure_open_wave(staff_page)
    staff_checked.check()

    # A charity registers, and staff send the invitations.
    address = f"survey-{stamp}@riverside-larder.example"
    visitor, visitor_journal = open_context("en")
    page = visitor.new_page()
    register(
        page,
        {
            "#name": f"Riverside Survey Larder {stamp}",
            "#charity_number": f"13{stamp[:5]}",
            "#staff_count": "2",
            "#volunteer_count": "25",
            "#postcode": "ew2 5tq",
            "#contact_name": "Ama Mensah",
            "#contact_email": address,
        },
        ["#legal_form-2", "#turnover_band", "#vcse", "#cpv_divisions"],
    )
    staff_page.goto(wave_path)
    with staff_page.expect_navigation():
        staff_page.click("#send-invitations")
    staff_checked.check()
    assert "Invitations sent" in staff_page.content()

    body = newest_email(mail_folder, address, "Tell us how")
    link = re.search(r"http://\S+/survey/i/[A-Za-z0-9_\-]+", body).group(0)

    checked = Checked(page)
    page.goto(urlsplit(link).path)
    checked.check()
    assert "/survey/question/" in page.url

    # Continue without an answer: the error, then the answer.
    errors = checked.submit_with_enter(CONTINUE)
    assert errors.status == 400
    error_url = page.url
    assert page.locator(".govuk-error-summary").count() == 1
    assert answer_questions(page, checked, "Pay small groups on time.") >= 12

    assert urlsplit(page.url).path == "/survey/identify"
    # "No" is chosen already: answers stay anonymous unless they say otherwise.
    assert page.locator("input[name=may_identify][value=no]").is_checked()
    checked.submit_with_enter(CONTINUE)
    assert urlsplit(page.url).path == "/survey/check"
    assert "Pay small groups on time." in page.content()
    checked.submit_with_enter(CONTINUE)
    assert urlsplit(page.url).path == "/survey/confirmation"
    assert re.search(r"SRV-\d{4}-[2-9A-HJKMNP-Z]{6}", page.content())

    # The same link again.
    page.goto(urlsplit(link).path)
    checked.check()
    assert "You have already answered this survey" in page.locator("h1").inner_text()

    # The receipt reached the organisation.
    newest_email(mail_folder, address, "Thank you")
    assert checked.problems == []
    assert visitor_journal.problems(expected=(400, error_url)) == []
    assert staff_journal.problems() == []


def test_a_group_not_on_the_register_answers_in_welsh(open_context, mail_folder):
    staff, _staff_journal = open_context("en", staff=True)
    ensure_open_wave(staff.new_page())

    context, journal = open_context("cy")
    page = context.new_page()
    checked = Checked(page)
    page.goto("/survey/")
    checked.check()
    assert page.locator("html").get_attribute("lang") == "cy"
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert urlsplit(page.url).path == "/survey/start"

    # No name: the error summary, in an accessible page.
    errors = checked.submit_with_enter(CONTINUE)
    assert errors.status == 400
    error_url = page.url
    assert page.locator(".govuk-error-summary").count() == 1
    tab_to(page, "input#organisation_name")
    page.keyboard.type("Cyfeillion Parc y Dref")
    checked.submit_with_enter(CONTINUE)
    assert "/survey/question/" in page.url

    answer_questions(page, checked, "Mwy o gymorth i grwpiau bach.")
    checked.submit_with_enter(CONTINUE)  # anonymous, as chosen already
    assert urlsplit(page.url).path == "/survey/check"
    checked.submit_with_enter(CONTINUE)
    assert urlsplit(page.url).path == "/survey/confirmation"
    assert page.locator(".govuk-panel").count() == 1
    assert checked.problems == []
    assert journal.problems(expected=(400, error_url)) == []
