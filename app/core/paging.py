"""Page numbers and keyset cursors from the query string, for every list.

Anyone can type any ``page=`` or ``after=``; whatever they type must show a
page, never reach the database as an offset or id it cannot hold
(PostgreSQL's bigint, SQLite's 64-bit integer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.inputs import MAX_INTEGER

# Deep offsets are slow and nobody reads page 100,000: narrow the filters instead.
MAX_PAGE = 100_000

_DIGITS = re.compile(r"[0-9]{1,18}")
_CURSOR = re.compile(r"(?P<key>n|-?[0-9]{1,19})-(?P<id>[0-9]{1,19})")


def page_number(raw: str | None, last: int = MAX_PAGE) -> int:
    """A page from 1 to `last`: nonsense and numbers below 1 are page 1,
    numbers past the end are the last page."""
    text = (raw or "").strip()
    if not _DIGITS.fullmatch(text):
        # Digits beyond what fits are a page past the end, not page 1.
        return last if text.isascii() and text.isdigit() else 1
    return min(max(int(text), 1), last)


@dataclass(frozen=True)
class Cursor:
    """ "<key>-<id>" of the last row shown: key is a whole number, or None
    (written "n") when the row has no sort key."""

    key: int | None
    id: int


def keyset_cursor(raw: str | None) -> Cursor | None:
    """The cursor in `after=`, or None when it is not one (then the list
    starts at the top)."""
    match = _CURSOR.fullmatch((raw or "").strip())
    if match is None:
        return None
    row_id = int(match["id"])
    if not 0 < row_id <= MAX_INTEGER:
        return None
    key = None if match["key"] == "n" else int(match["key"])
    return Cursor(key=key, id=row_id)


def cursor_text(key: int | None, row_id: int) -> str:
    return f"{'n' if key is None else key}-{row_id}"
