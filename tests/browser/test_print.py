"""Print styles: a plan item, a consultation and a check-your-answers page
print their content without the site's navigation, footer or buttons, and
say where on the web they came from."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SITE_PAGES

pytestmark = pytest.mark.browser

PAGE_NAMES = ("plan-detail", "consultation-open", "rtc-apply-check", "events-detail")
PAGES = [page for page in SITE_PAGES if page.name in PAGE_NAMES]

SHOWN = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length)
  .length"""

HIDDEN_ON_PAPER = (
    ".govuk-footer",
    ".app-language-switch",
    ".govuk-button",
    ".govuk-back-link",
    ".govuk-breadcrumbs",
    ".govuk-summary-list__actions",
    ".govuk-skip-link",
)


def test_the_print_pack_has_every_page():
    assert {page.name for page in PAGES} == set(PAGE_NAMES)


@pytest.mark.parametrize("print_page", PAGES, ids=[page.name for page in PAGES])
def test_printed_pages_keep_the_content_and_drop_the_controls(
    print_page, live_server, open_context, screenshots_dir
):
    context, _journal = open_context("en", staff=print_page.staff)
    page = context.new_page()
    response = print_page.visit(page, live_server)
    assert response is not None
    assert response.status == 200
    # On screen the controls are there and the address line is not.
    assert page.evaluate(SHOWN, ".govuk-footer") == 1
    assert page.evaluate(SHOWN, ".app-print-only") == 0
    page.emulate_media(media="print")
    where = f"{print_page.name} {page.url}"
    for selector in HIDDEN_ON_PAPER:
        assert page.evaluate(SHOWN, selector) == 0, f"{where}: {selector} prints"
    assert page.evaluate(SHOWN, "h1") == 1, f"{where}: the heading does not print"
    assert page.evaluate(SHOWN, ".app-print-only") == 1, f"{where}: no address on paper"
    address = page.inner_text(".app-print-only")
    assert live_server.rstrip("/") in address or "http" in address
    page.screenshot(path=screenshots_dir / f"print-{print_page.name}.png", full_page=True)
