"""Journeys done with the keyboard alone: Tab, typing and Enter, no clicks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.codes import one_time_code

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


def test_search_the_plan_by_keyboard(open_context):
    context, journal = open_context("en")
    page = context.new_page()
    page.goto("/plans/")
    tab_to(page, "input#q")
    page.keyboard.type("care")
    tab_to(page, "#main-content form[role=search] button[type=submit]")
    assert "Apply filters" in active_element(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/plans/"
    assert parse_qs(urlsplit(page.url).query).get("q") == ["care"], page.url
    assert page.locator(".app-plan-list__item").count() > 0, "no results for 'care'"
    assert "plan item" in page.locator("#results-heading").inner_text()
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
