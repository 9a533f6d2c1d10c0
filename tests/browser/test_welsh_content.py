"""What staff write, in Welsh, in a real browser: the demo council's Welsh
plan item and event read in Welsh, an item written only in English is marked
lang="en" with the Welsh note, and the translator's page lists it; axe-clean
each."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ENGLISH_ONLY_PLAN_TITLE, english_only_plan
from tests.browser.test_suppliers import check_axe

pytestmark = pytest.mark.browser


def test_a_welsh_plan_item_page_is_in_welsh(open_context, live_server):
    context, _journal = open_context("cy")
    page = context.new_page()
    page.goto("/plans/home-care-by-locality")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert (
        page.locator("h1").inner_text() == "Gofal cartref i oedolion, wedi'i gomisiynu fesul ardal"
    )
    assert "Cyflog Byw Gwirioneddol" in page.locator(".app-prose").inner_text()
    assert page.locator("main [lang=en]").count() == 0
    assert page.locator(".app-welsh-note").count() == 0
    check_axe(page)


def test_a_plan_item_written_only_in_english_is_marked_and_noted(open_context, live_server):
    context, _journal = open_context("cy")
    page = context.new_page()
    english_only_plan(page, live_server)
    heading = page.locator("h1 [lang=en]")
    assert heading.inner_text() == ENGLISH_ONLY_PLAN_TITLE
    assert page.locator(".app-prose").get_attribute("lang") == "en"
    note = page.locator(".app-welsh-note")
    assert note.count() == 1
    assert note.is_visible()
    check_axe(page)


def test_a_welsh_event_page_is_in_welsh(open_context, live_server):
    context, _journal = open_context("cy")
    page = context.new_page()
    page.goto("/events/meet-the-buyer-care-and-support-at-home")
    assert page.locator("h1").inner_text() == "Cwrdd â'r prynwr: gofal a chymorth yn y cartref"
    main = page.locator("main").inner_text()
    assert "Canolfan Ddinesig Elmsworth" in main
    assert "Dolen sain yn y siambr" in main
    assert page.locator("main [lang=en]").count() == 0
    check_axe(page)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_translators_page(open_context, live_server, language):
    context, _journal = open_context(language, staff=True)
    page = context.new_page()
    english_only_plan(page, live_server)
    response = page.goto("/admin/translations/")
    assert response.status == 200
    table = page.locator("#translations-plan_item")
    assert ENGLISH_ONLY_PLAN_TITLE in table.inner_text()
    assert "Home care for adults" not in table.inner_text()
    table.locator("a").first.click()
    assert page.url.endswith("/edit")
    page.go_back()
    check_axe(page)
