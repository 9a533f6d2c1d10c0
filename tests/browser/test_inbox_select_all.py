"""The inbox's "Select all items on this page", by keyboard: it checks every
item's box, and unchecking one item unchecks it again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_select_all_by_keyboard(open_context):
    context, _journal = open_context("en", staff=True)
    page = context.new_page()
    page.goto("/inbox/")
    select_all = page.get_by_label("Select all items on this page")
    assert select_all.is_visible()
    items = page.locator("input[name=items]")
    assert items.count() > 1
    select_all.focus()
    page.keyboard.press("Space")
    assert all(items.nth(n).is_checked() for n in range(items.count()))
    items.first.focus()
    page.keyboard.press("Space")
    assert not items.first.is_checked()
    assert not select_all.is_checked()
    page.keyboard.press("Space")
    assert select_all.is_checked()
