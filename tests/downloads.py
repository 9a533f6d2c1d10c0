"""What a browser makes of a download's Content-Disposition."""

from __future__ import annotations

import re

from werkzeug.http import parse_options_header


def assert_saves_as(response, name: str, fallback: str | None = None) -> None:
    """The response is a download a browser saves as `name`: the header is
    plain ASCII (a server cannot send anything else), carries the name in
    RFC 5987's filename*, and offers older clients an ASCII `fallback`."""
    header = response.headers["Content-Disposition"]
    assert header.isascii(), header
    assert "\r" not in header
    assert "\n" not in header
    kind, options = parse_options_header(header)
    assert kind == "attachment"
    # Werkzeug, like browsers (RFC 6266), prefers filename* when both are given.
    assert options["filename"] == name, header
    if fallback is not None:
        assert re.search(r'(^|;\s*)filename="([^"]*)"', header).group(2) == fallback
