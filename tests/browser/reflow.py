"""Reflow (WCAG 2.2, 1.4.10) and text spacing (1.4.12) checks on whatever
page a browser is showing: at 320 CSS pixels wide, as on a small phone or a
desktop zoomed to 400%, the page must not scroll sideways or break an
ordinary word across lines; with the reader's own text spacing, it must still
not scroll sideways and no box may cut its text off.

test_reflow runs them on every page in SITE_PAGES; the journeys (consulting,
registering, booking, answering the survey...) run them on each page they
reach, through `reflow_problems`, so the pages only a journey gets to (a
second page of questions, check your answers, a confirmation) are checked too.
"""

from __future__ import annotations

WIDTH = 320

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
  sheet.appReflowCheck = true;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

REMOVE_STYLE = """() => {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !s.appReflowCheck);
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


def reflow_problems(page, where: str | None = None) -> list[str]:
    """What fails reflow or text spacing on the page as it stands; the page
    is left at its own size, without the extra spacing, afterwards."""
    where = where or page.url
    size = page.viewport_size
    page.set_viewport_size({"width": WIDTH, "height": 640})
    problems: list[str] = []
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(
                f"{where} scrolls sideways at {WIDTH}px: {width}px wide; "
                f"too wide: {page.evaluate(TOO_WIDE, WIDTH)}"
            )
        broken = page.evaluate(BROKEN_WORDS, 18)
        if broken:
            problems.append(f"{where} breaks words across lines: {broken[:10]}")
        page.evaluate(ADD_STYLE, TEXT_SPACING)
        spaced = page.evaluate("() => document.documentElement.scrollWidth")
        if spaced > WIDTH:
            problems.append(
                f"{where} with text spacing scrolls sideways: {spaced}px wide; "
                f"too wide: {page.evaluate(TOO_WIDE, WIDTH)}"
            )
        clipped = page.evaluate(CLIPPED)
        if clipped:
            problems.append(f"{where} with text spacing cuts text off: {clipped}")
    finally:
        page.evaluate(REMOVE_STYLE)
        if size:
            page.set_viewport_size(size)
    return problems
