"""Every page, in English and in Welsh, in headless Chromium: axe-core finds
no WCAG 2.2 AA violations, the page is well formed for assistive technology
(one h1, a title, the right language), the skip link is the first thing Tab
reaches, and the page loads cleanly from the portal alone.

A full-page screenshot of each goes to test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
axe = Axe()

# Put the sequential-focus starting point at the top of the document, as on a
# freshly loaded page, without leaving anything changed behind.
FOCUS_DOCUMENT_START = """() => {
  const root = document.documentElement;
  root.setAttribute('tabindex', '-1');
  root.focus({preventScroll: true});
  root.removeAttribute('tabindex');
}"""

DESCRIBE_ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'BODY'};
  return {tag: el.tagName, id: el.id, className: String(el.className),
          href: el.getAttribute('href'), text: (el.textContent || '').trim().slice(0, 60)};
}"""


def describe_violations(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(
            f"axe {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"       {summary}")
    return lines


def test_page_is_accessible(site_page, language, live_server, open_context, screenshots_dir):
    context, journal = open_context(language, staff=site_page.staff)
    page = context.new_page()
    response = site_page.visit(page, live_server)
    assert response is not None, "no response for the page"
    assert response.status == site_page.status, (
        f"{page.url} answered {response.status}, expected {site_page.status}"
    )
    page.wait_for_load_state("load")
    where = f"{site_page.name} ({language}) {page.url}"
    problems: list[str] = []

    # The page as assistive technology announces it.
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        problems.append(f"expected exactly one <h1>, found {h1_count}")
    title = page.title().strip()
    if not title:
        problems.append("the <title> is empty")
    html_lang = page.evaluate("() => document.documentElement.getAttribute('lang')")
    if html_lang != language:
        problems.append(f'<html lang="{html_lang}">, expected "{language}"')

    page.screenshot(path=screenshots_dir / f"{site_page.name}-{language}.png", full_page=True)

    results = axe.run(page, options=AXE_OPTIONS)
    problems += describe_violations(results.response["violations"])

    # The skip link comes first. Where govuk-frontend has moved focus to the
    # error summary on load, check that, then start again from the top.
    active = page.evaluate(DESCRIBE_ACTIVE)
    if site_page.has_error_summary:
        if "govuk-error-summary" not in active.get("className", ""):
            problems.append(
                f"the error summary did not receive focus on load; focus is on {active}"
            )
        page.evaluate(FOCUS_DOCUMENT_START)
    elif active["tag"] != "BODY":
        problems.append(f"something took focus on load: {active}")
    page.keyboard.press("Tab")
    active = page.evaluate(DESCRIBE_ACTIVE)
    if not (
        active["tag"] == "A"
        and "govuk-skip-link" in active.get("className", "")
        and active.get("href") == "#main-content"
    ):
        problems.append(f"the first Tab reached {active}, not the skip link to #main-content")
    if page.locator("#main-content").count() != 1:
        problems.append("the skip link's target #main-content is missing")

    expected = None if site_page.status == 200 else (site_page.status, response.url)
    problems += journal.problems(expected)

    if problems:
        pytest.fail(f"{where}:\n" + "\n".join(f"  - {line}" for line in problems), pytrace=False)
