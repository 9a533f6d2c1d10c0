"""Taking the portal's links out of an email that has done its job.

An email with one-use links (`queue_email(..., secret_links=True)`) is the
only copy of their tokens the portal ever writes down: the tables keep only
hashes. Left in the outbox, the text would hand those links to anyone who
can read the database or a backup of it. So once the email has gone (or has
failed for good), every link to the portal in it is replaced by a marker,
and the admin pages never show one while it waits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app

REMOVED = "[link removed once sent]"
# Punctuation that ends a sentence rather than the link it follows.
_TRAILING = ".,;:!?)]}'\""


@lru_cache(maxsize=8)
def _pattern(base: str) -> re.Pattern[str]:
    # Not followed by more of a host name or a port: http://portal.example
    # must not match http://portal.example.evil.example.
    return re.compile(re.escape(base.rstrip("/")) + r"(?![\w.:@-])[^\s<>\"]*", re.IGNORECASE)


def without_portal_links(text: str | None, base: str | None = None) -> str | None:
    """`text` with every address on the portal (PUBLIC_BASE_URL) replaced."""
    if not text:
        return text
    base = base or current_app.config["PUBLIC_BASE_URL"]

    def replace(match: re.Match[str]) -> str:
        link = match.group(0)
        kept = len(link) - len(link.rstrip(_TRAILING))
        return REMOVED + (link[len(link) - kept :] if kept else "")

    return _pattern(base).sub(replace, text)


def shown(message, text: str | None) -> str | None:
    """What an administrator may see of one of `message`'s texts."""
    return without_portal_links(text) if message.secret_links else text
