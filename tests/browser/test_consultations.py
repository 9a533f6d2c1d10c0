"""An adult and a young person answer the demo consultation in a real
browser, in English and in Welsh, with the keyboard alone; axe-core checks
every page on the way, error states included; both responses reach the inbox
and a safeguarding phrase raises the flag."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.reflow import reflow_problems
from tests.browser.test_accessibility import AXE_OPTIONS, axe, describe_violations
from tests.browser.test_keyboard import tab_to

pytestmark = pytest.mark.browser

SLUG = "youth-club-evenings-and-weekends"
REFERENCE = re.compile(r"\b(CON|CYP)-\d{4}-[2-9A-HJKMNP-Z]{6}\b")


class Checked:
    """Runs axe and the reflow checks on every page the journey reaches and
    keeps what they find."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        if self.page.locator("h1").count() != 1:
            self.problems.append(f"{self.page.url}: not exactly one h1")
        found = describe_violations(axe.run(self.page, options=AXE_OPTIONS).response["violations"])
        self.problems += [f"{self.page.url}: {line}" for line in found]
        # Every page the journey reaches, on a phone and with wider text spacing too.
        self.problems += reflow_problems(self.page)

    def submit_with_enter(
        self, selector: str = "#main-content form[method=post] button[type=submit]"
    ):
        tab_to(self.page, selector)
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        self.check()
        return navigation.value


def choose_first(page, name: str) -> None:
    """Tab to a radio group or checkbox and tick its first option with Space."""
    tab_to(page, f"input[name={name}]")
    page.keyboard.press("Space")


def field_names(page) -> list[str]:
    return page.evaluate(
        """() => [...new Set([...document.querySelectorAll('#main-content form [name^=q]')]
                 .map(el => el.name))]"""
    )


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_adult_responds_by_keyboard(open_context, language):
    context, _journal = open_context(language)
    page = context.new_page()
    checked = Checked(page)
    page.goto(f"/consultations/{SLUG}")
    checked.check()
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()

    # Organisation chosen but not named: the error, then the fix.
    # Arrow keys move within a radio group, choosing as they go.
    tab_to(page, "input[name=respondent_type]")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=respondent_type][value=organisation]").is_checked()
    errors = checked.submit_with_enter()
    assert errors.status == 400
    assert page.locator(".govuk-error-summary").count() == 1
    tab_to(page, "input#organisation_name")
    page.keyboard.type("Marsh Lane Tenants’ Association")
    tab_to(page, "input#email")
    page.keyboard.type("tenants@example.com")
    checked.submit_with_enter()
    assert urlsplit(page.url).path.endswith("/respond/questions/1")

    # Page 1: the required agree–disagree question left empty first.
    errors = checked.submit_with_enter()
    assert errors.status == 400
    choose_first(page, field_names(page)[0])
    checked.submit_with_enter()
    # Page 2: tick the first "when" option and rank the activities.
    names = field_names(page)
    choose_first(page, names[0])
    for index in range(1, 5):
        tab_to(page, f"select#{names[1]}-{index}")
        page.keyboard.type(str(index))
    checked.submit_with_enter()
    # Page 3: yes, and a comment.
    names = field_names(page)
    choose_first(page, names[0])
    tab_to(page, f"textarea#{names[1]}")
    page.keyboard.type("Saturday sessions would suit our teenagers who work in the week.")
    checked.submit_with_enter()
    # An organisation is not asked personal equality questions: straight to the check page.
    assert urlsplit(page.url).path.endswith("/respond/check")
    assert page.locator("input[name=carer]").count() == 0
    assert "Marsh Lane Tenants" in page.content()
    tab_to(page, "#main-content form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert urlsplit(page.url).path.endswith("/respond/confirmation")
    match = REFERENCE.search(page.locator(".govuk-panel").inner_text())
    assert match
    assert match.group(1) == "CON"
    assert checked.problems == []
    _assert_in_inbox(open_context, match.group(0), safeguarding=False)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_young_person_responds_by_keyboard_and_a_worrying_answer_is_flagged(
    open_context, language
):
    context, _journal = open_context(language)
    page = context.new_page()
    checked = Checked(page)
    page.goto(f"/consultations/{SLUG}")
    tab_to(page, f"a[href='/consultations/{SLUG}/young-people']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    assert page.locator("a[href='https://www.childline.org.uk/']").count() == 1

    errors = checked.submit_with_enter()
    assert errors.status == 400
    choose_first(page, "age_band")
    checked.submit_with_enter()

    for number in range(1, 7):
        assert urlsplit(page.url).path.endswith(f"/young-people/questions/{number}")
        assert page.locator("a[href='https://www.childline.org.uk/']").count() == 1
        names = field_names(page)
        if number == 1:
            choose_first(page, names[0])
        elif number == 6:
            tab_to(page, f"textarea#{names[0]}")
            page.keyboard.type("I can't go on Saturdays because my uncle hits me when I'm late")
        checked.submit_with_enter()

    assert urlsplit(page.url).path.endswith("/young-people/check")
    tab_to(page, "#main-content form[method=post] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked.check()
    match = REFERENCE.search(page.locator(".govuk-panel").inner_text())
    assert match
    assert match.group(1) == "CYP"
    assert checked.problems == []
    _assert_in_inbox(open_context, match.group(0), safeguarding=True)


def _assert_in_inbox(open_context, reference: str, safeguarding: bool) -> None:
    context, _journal = open_context("en", staff=True)
    page = context.new_page()
    response = page.goto(f"/inbox/{reference}")
    assert response.status == 200, f"{reference} is not in the inbox"
    tags = page.locator("main .govuk-tag").all_inner_texts()
    assert ("Safeguarding" in tags) == safeguarding, tags
    if safeguarding:
        assert "hits me" in page.content()
    # The analysis page lists the response's free-text answer under its
    # reference: a new answer of its own comes after the larger groups, so
    # it is found by following the free text's "Next" pages, by keyboard.
    with page.expect_navigation():
        page.click("main a:has-text('the consultation')")
    with page.expect_navigation():
        page.click("main a[href$='/analysis']")
    checked = Checked(page)
    checked.check()
    listed = page.locator(f"main a:has-text('{reference}')")
    for _page in range(30):
        if listed.count():
            break
        next_page = page.locator("main .govuk-pagination__next a").first
        assert next_page.count(), f"{reference} is on no page of the analysis"
        next_page.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert listed.count() == 1
    if "text_page=" in page.url:
        checked.check()
    assert checked.problems == []


def test_save_and_come_back_later_by_keyboard(open_context):
    context, _journal = open_context("cy")
    page = context.new_page()
    checked = Checked(page)
    page.goto(f"/consultations/{SLUG}/respond")
    choose_first(page, "respondent_type")
    checked.submit_with_enter()
    checked.submit_with_enter("#main-content button[name=save_for_later]")
    assert urlsplit(page.url).path.endswith("/respond/save")
    tab_to(page, "input#email")
    page.keyboard.type("someone@example.com")
    checked.submit_with_enter()
    assert "someone@example.com" in page.locator("main").inner_text()
    assert checked.problems == []
