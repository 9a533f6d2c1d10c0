"""A commissioner takes the UK1 pipeline notice (Procurement Act 2023 s.93)
from the inbox's warning to "published" with the keyboard alone, in Welsh,
then finds it recorded in English and the warning gone; axe checks every page
on the way."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_consultations import Checked
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

NOTICE = "2026/S 000-654321"
WARNING = "#main-content .govuk-warning-text"


def test_from_the_warning_to_a_published_notice_by_keyboard(open_context):
    context, _journal = open_context("cy", staff=True)
    page = context.new_page()
    checked = Checked(page)

    page.goto("/inbox/")
    checked.check()
    assert page.locator(WARNING).filter(has_text="hysbysiad piblinell").count() == 1

    tab_to(page, f"{WARNING} a[href='/admin/plans/pipeline']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert urlsplit(page.url).path == "/admin/plans/pipeline"
    table = page.locator("#main-content table")
    # The demo plan has items on both sides of the £2m and 18-month lines,
    # each with its reason, in Welsh.
    assert table.locator("td", has_text="Ie").count() >= 1
    assert table.locator("td", has_text="Na").count() >= 1
    assert "2 filiwn" in table.inner_text()
    # Titles the council wrote in Welsh are shown in Welsh.
    assert table.get_by_text("Gofal cartref i oedolion, wedi'i gomisiynu fesul ardal").count() == 1

    # Submitting without a number is refused with a Welsh error summary.
    tab_to(page, "#main-content form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.title().startswith("Gwall:")

    tab_to(page, "#notice_number")
    page.keyboard.type(NOTICE)
    tab_to(page, "#main-content form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert NOTICE in page.locator(".govuk-panel").inner_text()

    english, _journal = open_context("en", staff=True)
    page = english.new_page()
    checked.page = page
    page.goto("/admin/plans/pipeline")
    checked.check()
    assert f"Notice {NOTICE}" in page.locator(".govuk-panel").inner_text()
    page.goto("/inbox/")
    checked.check()
    assert page.locator(WARNING).filter(has_text="pipeline notice").count() == 0
    assert checked.problems == []
