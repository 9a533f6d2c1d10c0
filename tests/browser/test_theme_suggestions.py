"""A commissioner asks for suggested themes on the demo consultation in a
real browser, accepts two (renaming one as it is accepted), renames another,
and finds the tags in the inbox and on the analysis page; axe-core checks the
suggestions page in English and in Welsh."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import AXE_OPTIONS, axe, describe_violations

pytestmark = pytest.mark.browser

TITLE = "Youth club evenings and weekends"


def _axe(page) -> list[str]:
    page.wait_for_load_state("load")
    found = describe_violations(axe.run(page, options=AXE_OPTIONS).response["violations"])
    return [f"{page.url}: {line}" for line in found]


def _follow(page, link) -> None:
    # A click returns before the next page arrives: wait for it, or what is
    # read next may still be the page being left.
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("load")


def _suggestions_page(page) -> None:
    page.goto("/admin/consultations/")
    _follow(page, page.get_by_role("link", name=TITLE).first)
    _follow(page, page.locator("a[href$='/analysis']").first)
    _follow(page, page.locator(".app-theme-suggestions a").first)
    assert page.locator("h1").inner_text() in ("Suggested themes", "Themâu a awgrymir")


_submit = _follow


def _wait_for_themes(page, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while page.locator(".app-suggested-theme").count() == 0:
        assert time.monotonic() < deadline, "no suggestions within a minute"
        time.sleep(1)
        page.reload()


def test_a_commissioner_accepts_renames_and_finds_the_tags(open_context):
    context, _journal = open_context("en", staff=True)
    page = context.new_page()
    problems: list[str] = []
    _suggestions_page(page)
    problems += _axe(page)
    if page.locator("button", has_text="Suggest themes").count():
        _submit(page, page.locator("button", has_text="Suggest themes").first)
        # The page never waits for the work: it says so, or the work is already done.
        assert (
            page.get_by_text("Suggestions are being prepared").count()
            or page.locator(".app-suggested-theme").count()
        )
    _wait_for_themes(page)
    problems += _axe(page)
    assert page.locator(".app-suggested-theme").count() >= 5

    # Accept the first, renamed as it is accepted.
    # A run asked for while the answers grew may finish while the page is
    # read: the portal then shows the new suggestions, and the reader tries again.
    for _attempt in range(3):
        first = page.locator(".app-suggested-theme").first
        first.locator("input[name$='-name']").fill("Saturday buses")
        _submit(page, first.locator("button[value=accept]"))
        if not page.get_by_text("brought up to date while you were reading").count():
            break
        _wait_for_themes(page)
    assert page.get_by_text("Theme “Saturday buses” accepted").count() == 1
    problems += _axe(page)

    # Rename the next without accepting it.
    second = page.locator(".app-suggested-theme").first
    second.locator("input[name$='-name']").fill("Things to do")
    _submit(page, second.locator("button[value=rename]"))
    assert page.get_by_text("Theme renamed to “Things to do”.").count() == 1

    # Accept it at a threshold of its own, with the count shown beside each choice.
    second = page.locator(".app-suggested-theme").first
    label = second.locator("label", has_text="20%").inner_text()
    second.locator("input[value='0.2']").check()
    _submit(page, second.locator("button[value=accept]"))
    assert page.get_by_text("Theme “Things to do” accepted").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "suggested-themes-en.png"), full_page=True)
    assert "answers)" in label or "answer)" in label

    _follow(page, page.get_by_role("link", name="See them in the inbox").first)
    assert page.locator("a.app-reference, a[href*='/inbox/C']").count() > 0
    problems += _axe(page)
    page.go_back()
    page.wait_for_load_state("load")
    _follow(page, page.get_by_role("link", name="Back to the analysis"))
    assert page.get_by_text("saturday buses").count() > 0
    assert problems == []


def test_the_suggestions_page_in_welsh_is_accessible(open_context):
    context, _journal = open_context("cy", staff=True)
    page = context.new_page()
    _suggestions_page(page)
    if (
        page.locator(".app-suggested-theme").count() == 0
        and page.locator("button", has_text="Awgrymu themâu").count()
    ):
        _submit(page, page.locator("button", has_text="Awgrymu themâu").first)
    _wait_for_themes(page)
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.get_by_text("Prif eiriau:").count() > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "suggested-themes-cy.png"), full_page=True)
    assert _axe(page) == []
