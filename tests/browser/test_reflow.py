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

pytestmark = pytest.mark.browser

WIDTH = 320
# Every page the browser checks visit, public and staff, with each form's error state.
PAGES = SITE_PAGES

# Every word of letters (Welsh included) that a line could hold whole but
# that the browser drew on more than one line: a word broken mid-letters.
# Addresses, emails and URLs are allowed to wrap anywhere, so only words
# made of letters alone are checked.
BROKEN_WORDS = """(maxLetters) => {
  const skip = 'script, style, noscript, svg, [hidden], .govuk-visually-hidden';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  // A word of letters with, at most, punctuation around it; "a@b.example"
  // or "/plans/" are not words and may wrap anywhere.
  const word = /^[("“‘]*([\\p{L}’']{4,})[)"”’.,;:!?]*$/u;
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.getClientRects().length) continue;
    for (const token of node.data.matchAll(/\\S+/g)) {
      const found = token[0].match(word);
      if (!found || found[1].length > maxLetters) continue;
      const start = token.index + token[0].indexOf(found[1]);
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + found[1].length);
      const tops = new Set([...range.getClientRects()]
        .filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
      if (tops.size > 1) broken.push(`${found[1]} (in <${parent.tagName.toLowerCase()}>)`);
    }
  }
  return broken;
}"""

# Elements wider than the viewport, to say what made the page scroll.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 1)
  .filter((el) => !el.closest('.app-table-scroll'))
  .slice(0, 5)
  .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ` +
       `${Math.round(el.getBoundingClientRect().right)}px`)"""


# WCAG 1.4.12's own figures, applied as a reader's style sheet would: through
# the CSS object model, which the portal's Content-Security-Policy (no inline
# styles) leaves to the reader, as it does a browser extension.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

ADD_STYLE = """(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

# Boxes that hide what does not fit and have more text than fits: text the
# reader's spacing has cut off. Visually hidden text (the skip link until it
# has focus, a stacked table's headings on a phone) is clipped to a 1px box on
# purpose, and screen readers still read all of it.
CLIPPED = """() => [...document.querySelectorAll('body *')]
  .filter((el) => !el.closest(
    '.govuk-visually-hidden, .govuk-visually-hidden-focusable, [hidden], script, style, svg'))
  .filter((el) => el.getClientRects().length && el.textContent.trim())
  .filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  })
  .filter((el) => {
    const style = getComputedStyle(el);
    const clips = (value) => value === 'hidden' || value === 'clip';
    return (clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  })
  .slice(0, 5)
  .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> ` +
       `${el.textContent.trim().slice(0, 40)}`)"""


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

    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, (
        f"{where} scrolls sideways at {WIDTH}px: {scroll_width}px wide; "
        f"too wide: {page.evaluate(TOO_WIDE, WIDTH)}"
    )
    broken = page.evaluate(BROKEN_WORDS, 18)
    assert broken == [], f"{where} breaks words across lines: {broken[:10]}"

    page.evaluate(ADD_STYLE, TEXT_SPACING)
    spaced_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert spaced_width <= WIDTH, (
        f"{where} with text spacing scrolls sideways: {spaced_width}px wide; "
        f"too wide: {page.evaluate(TOO_WIDE, WIDTH)}"
    )
    clipped = page.evaluate(CLIPPED)
    assert clipped == [], f"{where} with text spacing cuts text off: {clipped}"


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
