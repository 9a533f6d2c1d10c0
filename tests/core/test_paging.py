"""Page numbers and cursors from whatever is typed into the address."""

import pytest

from app.core.inputs import MAX_INTEGER
from app.core.paging import MAX_PAGE, Cursor, cursor_text, keyset_cursor, page_number


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("0", 1),
        ("-5", 1),
        ("2.5", 1),
        ("1e9", 1),
        ("³", 1),
        ("\x00", 1),
        ("99999999999999999999", MAX_PAGE),
        (str(MAX_PAGE + 1), MAX_PAGE),
    ],
)
def test_page_numbers(raw, page):
    assert page_number(raw) == page


def test_a_page_past_the_end_is_the_last_page():
    assert page_number("7", last=4) == 4
    assert page_number("99999999999999999999", last=4) == 4


@pytest.mark.parametrize(
    ("raw", "cursor"),
    [
        ("1780000000000000-42", Cursor(1780000000000000, 42)),
        ("n-7", Cursor(None, 7)),
        ("-5-7", Cursor(-5, 7)),
        ("1-0", None),
        ("1-99999999999999999999", None),
        ("99999999999999999999-1", None),
        ("1--5", None),
        ("x-1", None),
        ("1", None),
        ("", None),
        (None, None),
    ],
)
def test_cursors(raw, cursor):
    assert keyset_cursor(raw) == cursor


def test_a_cursor_reads_back():
    assert keyset_cursor(cursor_text(None, MAX_INTEGER)) == Cursor(None, MAX_INTEGER)
    assert keyset_cursor(cursor_text(738000, 12)) == Cursor(738000, 12)
