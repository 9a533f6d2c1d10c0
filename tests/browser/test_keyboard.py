"""Journeys done with the keyboard alone: Tab, typing and Enter, no clicks."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.codes import one_time_code
from tests.browser.welsh import plural_in, words_in

pytestmark = pytest.mark.browser

MAX_TABS = 120

ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'BODY';
  const text = (el.value && el.tagName === 'INPUT' ? el.value : el.textContent || '').trim();
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('href') ? '[href=' + el.getAttribute('href') + ']' : '') +
    (text ? ' "' + text.slice(0, 40) + '"' : '');
}"""


def tab_to(page, selector: str, limit: int = MAX_TABS) -> None:
    """Press Tab until the element matching `selector` has focus."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        visited.append(page.evaluate(ACTIVE))
    pytest.fail(
        f"{limit} presses of Tab on {page.url} never reached {selector}; focus went to:\n  "
        + "\n  ".join(visited),
        pytrace=False,
    )


def active_element(page) -> str:
    return page.evaluate(ACTIVE)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_search_the_plan_by_keyboard(open_context, language):
    say = words_in(language)
    context, journal = open_context(language)
    page = context.new_page()
    page.goto("/plans/")
    tab_to(page, "input#q")
    page.keyboard.type("care")
    tab_to(page, "#main-content form[role=search] button[type=submit]")
    assert say("Apply filters") in active_element(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/plans/"
    assert parse_qs(urlsplit(page.url).query).get("q") == ["care"], page.url
    assert page.locator(".app-plan-list__item").count() > 0, "no results for 'care'"
    # "12 plan items" / "12 eitem yn y cynllun": the words after the number.
    items = plural_in(language)("%(num)d plan item", "%(num)d plan items", 2)
    assert items.split(" ", 1)[1] in page.locator("#results-heading").inner_text()
    assert page.locator("input#q").input_value() == "care"
    assert journal.problems() == []


def test_switch_to_welsh_by_keyboard(open_context):
    context, journal = open_context("en")
    page = context.new_page()
    page.goto("/plans/")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    tab_to(page, "a[hreflang=cy]")
    assert "Cymraeg" in active_element(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")

    assert urlsplit(page.url).path == "/plans/", "the switch should come back to the same page"
    assert page.evaluate("() => document.documentElement.lang") == "cy"
    assert page.locator("a[hreflang=en]").count() == 1, "no way back to English"
    assert journal.problems() == []


def test_staff_sign_in_by_keyboard(open_context, demo_staff):
    email, password = demo_staff
    context, journal = open_context("en")
    page = context.new_page()
    page.goto("/staff/sign-in")
    tab_to(page, "input#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert active_element(page).startswith("input#password"), active_element(page)
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # An administrator: the code from the authenticator app comes next.
    assert urlsplit(page.url).path == "/staff/sign-in/code", page.url
    tab_to(page, "input#code")
    page.keyboard.type(one_time_code())
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/inbox/", page.url
    assert page.locator("h1").inner_text().strip() == "Inbox"
    assert journal.problems() == []


def test_error_summary_by_keyboard(open_context):
    context, journal = open_context("en", staff=True)
    page = context.new_page()
    page.goto("/admin/plans/new")
    tab_to(page, "#main-content form[method=post] button[type=submit]")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    page.wait_for_load_state("load")

    assert page.evaluate(
        "() => document.activeElement.classList.contains('govuk-error-summary')"
    ), f"the error summary did not receive focus; {active_element(page)} has it"

    page.keyboard.press("Tab")
    first_link = page.locator(".govuk-error-summary__list a").first
    href = first_link.get_attribute("href")
    assert href, "the error summary's first link has no href"
    assert href.startswith("#"), href
    assert page.evaluate("(href) => document.activeElement.getAttribute('href') === href", href), (
        f"Tab from the summary reached {active_element(page)}, not its first link {href}"
    )

    page.keyboard.press("Enter")
    target = href[1:]
    assert page.evaluate("() => document.activeElement.id") == target, (
        f"Enter on {href} left focus on {active_element(page)}"
    )
    assert page.evaluate(
        "() => ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)"
    ), f"{href} points at {active_element(page)}, which is not a form field"
    # Only the POST itself answered 400.
    assert journal.problems((400, navigation.value.url)) == []


def test_answer_a_survey_wave_in_welsh_by_keyboard(open_context):
    """A group answers the open survey wave in Welsh with Tab, typing, Space
    and Enter alone, from the survey's page to the confirmation with its
    reference; every question it is asked is in the council's Welsh."""
    # Imported here: test_survey_answer imports tab_to from this module.
    from tests.browser.test_survey_answer import ensure_open_wave

    staff, _staff_journal = open_context("en", staff=True)
    ensure_open_wave(staff.new_page())

    context, journal = open_context("cy")
    page = context.new_page()
    page.goto("/survey/")
    assert page.evaluate("() => document.documentElement.lang") == "cy"
    tab_to(page, "#main-content a.govuk-button--start")
    assert "Dechrau nawr" in active_element(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/survey/start", page.url

    tab_to(page, "input#organisation_name")
    page.keyboard.type("Cyfeillion Parc y Dref")
    continue_button = "#main-content form[method=post] button[type=submit]"
    tab_to(page, continue_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    answered = 0
    while "/survey/question/" in urlsplit(page.url).path:
        assert page.evaluate("() => document.documentElement.lang") == "cy"
        # The question is the council's Welsh, not English marked lang="en".
        assert page.locator("#main-content form [lang=en]").count() == 0, (
            f"English on the Welsh question page {page.url}"
        )
        if page.locator("textarea[name=answer]").count():
            tab_to(page, "textarea[name=answer]")
            page.keyboard.type("Talu grwpiau bach ar amser.")
        else:
            # Tab lands on the first option of a group; Space chooses it.
            tab_to(page, "input[name=answer]")
            page.keyboard.press("Space")
        tab_to(page, continue_button)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        answered += 1
        assert answered < 40, "the questions never ended"
    assert answered >= 5, f"only {answered} questions were asked"

    # Whether the council may know who answered: "No" is chosen already.
    assert urlsplit(page.url).path == "/survey/identify", page.url
    tab_to(page, continue_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/survey/check", page.url
    assert "Talu grwpiau bach ar amser." in page.locator("#main-content").inner_text()
    tab_to(page, continue_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/survey/confirmation", page.url
    panel = page.locator(".govuk-panel").inner_text()
    assert "Atebion wedi’u hanfon" in panel
    assert "Eich cyfeirnod yw" in panel
    assert re.search(r"SRV-\d{4}-[2-9A-HJKMNP-Z]{6}", panel), panel
    assert journal.problems() == []


def test_a_commissioner_adds_and_removes_a_lot_by_keyboard_in_welsh(open_context):
    """The lots section: from the plan item's page to the lot form, through its
    error summary, the values and dates typed in, back to the item with the
    lot listed, then removed again (leaving the demo as it was)."""
    context, journal = open_context("cy", staff=True)
    page = context.new_page()
    page.goto("/admin/plans/?q=commissioned+by+locality")
    item_path = page.locator("table a.govuk-link").first.get_attribute("href")
    page.goto(item_path)
    lots_before = page.locator("#lots ~ .govuk-summary-card").count()
    assert lots_before >= 1

    tab_to(page, 'a[href$="/lots/new"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == f"{item_path}/lots/new"
    assert page.locator("h1").inner_text().strip() == "Ychwanegu lot"

    tab_to(page, "#main-content form[method=post] button[type=submit]")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    page.wait_for_load_state("load")
    assert "Rhowch deitl i’r lot" in page.locator(".govuk-error-summary").inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "title"

    for text in ("East locality", "Ardal y Dwyrain", "1,500,000", "1,500,000"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    for text in ("1", "4", "2028", "31", "3", "2031"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    tab_to(page, "#main-content form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == item_path
    new_lot = page.locator(f"#lot-{lots_before + 1}")
    shown = new_lot.inner_text()
    assert "East locality" in shown
    assert "Ardal y Dwyrain" in shown
    assert "£1,500,000 heb gynnwys TAW" in shown
    assert "Contract o 1 Ebrill 2028 i 31 Mawrth 2031" in shown

    tab_to(page, f"#lot-{lots_before + 1} button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Lot wedi’i dynnu." in page.locator("main").inner_text()
    assert page.locator("#lots ~ .govuk-summary-card").count() == lots_before
    assert journal.problems((400, f"{page.url.split('/admin')[0]}{item_path}/lots/new")) == []
