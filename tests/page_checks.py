"""Checks every full HTML page the test client fetches, as GOV.UK Notify's
`client_request` does, so a template fault fails whichever test happens to
load that page rather than waiting for someone to write a test for it.

A page is checked when its Content-Type is text/html and it has an <html>
element; fragments and other formats pass through untouched. A request for
a page that is deliberately broken may opt out with ``check_page=False``.
"""

from __future__ import annotations

import re
from collections import Counter

import lxml.html
from flask.testing import FlaskClient

LANGUAGES = ("en", "cy")
# The parser supplies an <html> element for any fragment, so whether the
# response is a full page is read from the text itself.
FULL_PAGE = re.compile(
    r"\s*(<!doctype[^>]*>\s*)?(<!--.*?-->\s*)*<html[\s>]", re.IGNORECASE | re.DOTALL
)
# Every page title is "<page> – <service> – <council>"; a template that forgets
# its own part leaves the title starting with the separator.
TITLE_SEPARATOR = "–"


REDIRECTS = frozenset({301, 302, 303, 305, 307, 308})


class PageCheckFailed(AssertionError):
    pass


def is_full_page(html: str) -> bool:
    return FULL_PAGE.match(html) is not None


def page_problems(html: str) -> list[str]:
    """What is wrong with a full page, one line per failed check (empty when
    the page passes, or when it is not a full page at all)."""
    if not is_full_page(html):
        return []
    root = lxml.html.document_fromstring(html)
    problems = []

    headings = root.xpath("//h1")
    if len(headings) != 1:
        problems.append(f"one h1: found {len(headings)}")

    ids = Counter(root.xpath("//@id"))
    repeated = sorted(value for value, count in ids.items() if count > 1)
    if repeated:
        problems.append(f"unique ids: repeated {', '.join(repeated)}")

    for number, form in enumerate(root.xpath("//form"), start=1):
        if (form.get("method") or "get").strip().lower() != "post":
            continue
        if not form.xpath(".//input[@name='csrf_token' and normalize-space(@value)]"):
            where = form.get("action") or "(this page)"
            problems.append(f"CSRF token: POST form {number} (action {where}) has none")

    lang = (root.get("lang") or "").strip()
    if lang not in LANGUAGES:
        problems.append(f"html lang: {lang!r} is not one of {', '.join(LANGUAGES)}")

    titles = root.xpath("//title")
    text = " ".join(titles[0].text_content().split()) if titles else ""
    if not text or text.startswith(TITLE_SEPARATOR):
        problems.append(f"title set: {text!r}")

    return problems


def check_response(response, method: str, url: str) -> None:
    """Fail with the URL and every failed check when a full page is faulty.
    Redirects are not pages anyone reads."""
    if response.mimetype != "text/html" or method == "HEAD" or response.status_code in REDIRECTS:
        return
    problems = page_problems(response.get_data(as_text=True))
    if problems:
        listed = "\n  ".join(problems)
        raise PageCheckFailed(
            f"page check failed on {method} {url} ({response.status_code}):\n  {listed}"
        )


class PageCheckingClient(FlaskClient):
    """A test client that checks each full HTML page it receives. Redirects
    followed come back through `open`, so an opt-out lasts for the whole call."""

    _checking = True

    def open(self, *args, check_page: bool = True, **kwargs):
        outer = self._checking
        self._checking = outer and check_page
        try:
            response = super().open(*args, **kwargs)
        finally:
            checking, self._checking = self._checking, outer
        # After redirects the final page has already been checked on its way through.
        if checking and not getattr(response, "_page_checked", False):
            request = response.request
            check_response(response, request.method, request.full_path.rstrip("?"))
            response._page_checked = True
        return response
