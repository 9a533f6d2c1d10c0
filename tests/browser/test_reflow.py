"""Reflow (WCAG 2.2, 1.4.10) and text spacing (1.4.12): at 320 CSS pixels
wide, as on a small phone or a desktop zoomed to 400%, every page the
browser checks visit (public and staff, each form's error state too), in
English and Welsh, never makes the reader scroll sideways, and no ordinary
word is broken across lines. Then, on the same page, the reader's own text
spacing (line height 1.5, paragraphs 2em apart, letters
0.12em, words 0.16em) loses nothing: the page still does not scroll sideways
and no box cuts its text off.

A table that must keep its two dimensions may scroll inside its own labelled,
focusable region (that does not widen the page); everything else reflows.
Screenshots go to test-artifacts/screenshots/reflow-*.png.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import LANGUAGES, SITE_PAGES
from tests.browser.reflow import (
    ADD_STYLE,
    BROKEN_WORDS,
    CLIPPED,
    TEXT_SPACING,
    WIDTH,
    reflow_problems,
)

pytestmark = pytest.mark.browser

# Every page the browser checks visit, public and staff, with each form's error state.
PAGES = SITE_PAGES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("reflow_page", PAGES, ids=[page.name for page in PAGES])
def test_page_reflows_at_320_pixels(
    reflow_page, language, live_server, open_context, screenshots_dir
):
    context, _journal = open_context(language, staff=reflow_page.staff)
    page = context.new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    response = reflow_page.visit(page, live_server)
    assert response is not None
    assert response.status == reflow_page.status, f"{page.url} answered {response.status}"
    page.wait_for_load_state("load")
    page.screenshot(
        path=screenshots_dir / f"reflow-{reflow_page.name}-{language}.png", full_page=True
    )
    where = f"{reflow_page.name} ({language}) {page.url}"
    assert reflow_problems(page, where) == []


def test_the_check_finds_a_word_broken_letter_by_letter(browser):
    """The register's old fault: overflow-wrap:anywhere in a four-column table
    squeezed each column to one letter a line without widening the page."""
    page = browser.new_page(viewport={"width": WIDTH, "height": 640})
    try:
        page.set_content(
            '<table style="overflow-wrap:anywhere"><tr>'
            + "<td>Reablement and intermediate care</td>" * 4
            + "</tr></table><p>Plain words wrap whole.</p>"
        )
        broken = page.evaluate(BROKEN_WORDS, 18)
        assert "Reablement (in <td>)" in broken
        assert not [entry for entry in broken if "Plain" in entry or "wrap" in entry]
    finally:
        page.close()


def test_the_check_finds_text_cut_off_by_text_spacing(browser):
    """A fixed-height box that hides its overflow holds one line at normal
    spacing and loses the second line once the reader's spacing applies."""
    page = browser.new_page(viewport={"width": WIDTH, "height": 640})
    try:
        page.set_content(
            '<div class="box" style="height:1.3em;overflow:hidden;font-size:16px;'
            'line-height:1.2">A short notice</div>'
            '<p class="govuk-visually-hidden" style="height:1px;overflow:hidden">'
            "Hidden on purpose and longer than its box</p>"
        )
        assert page.evaluate(CLIPPED) == []
        page.evaluate(ADD_STYLE, TEXT_SPACING)
        clipped = page.evaluate(CLIPPED)
        assert clipped == ['<div class="box"> A short notice']
    finally:
        page.close()


def test_the_journeys_check_leaves_the_page_as_it_found_it(browser):
    """The journeys run the checks between steps: the page must come back at
    its own size and without the extra spacing, so the next step is as a
    reader would see it."""
    page = browser.new_page(viewport={"width": 1024, "height": 700})
    try:
        page.set_content("<p>A short notice</p>")
        assert reflow_problems(page, "sample") == []
        assert page.viewport_size == {"width": 1024, "height": 700}
        assert page.evaluate("() => document.adoptedStyleSheets.length") == 0
        assert page.evaluate("() => getComputedStyle(document.body).letterSpacing") == "normal"
    finally:
        page.close()
