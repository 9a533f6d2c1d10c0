"""Screen readers announce each inline error with a hidden prefix: "Error:" in
English, "Gwall:" on Welsh pages (never the English one)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token

HIDDEN_PREFIX = re.compile(r'<span class="govuk-visually-hidden">([^<]*)</span>')


def _errors(client, url: str, language: str):
    headers = {"Accept-Language": language}
    page = client.get(url, headers=headers)
    sent = client.post(url, data={"csrf_token": csrf_token(page.text)}, headers=headers)
    assert sent.status_code == 400
    return sent.text


@pytest.mark.parametrize("url", ["/track", "/suppliers/register", "/suppliers/sign-in"])
def test_welsh_inline_errors_are_announced_with_gwall(client, url):
    html = _errors(client, url, "cy")
    messages = re.findall(r'<p id="[^"]*-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    assert messages, html
    for message in messages:
        assert '<span class="govuk-visually-hidden">Gwall:</span>' in message
    assert "Error:" not in html
    assert "<title>Gwall:" in html


def test_english_inline_errors_keep_error(client):
    html = _errors(client, "/track", "en")
    assert '<span class="govuk-visually-hidden">Error:</span>' in html
    assert "Gwall" not in html
