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


def test_the_bulk_status_list_follows_the_selected_items(open_context):
    """Ticking a consultation response leaves only the statuses it can take;
    adding a Right to Challenge item brings back the challenge's own steps;
    a status the ticked items cannot take is never left chosen."""
    context, _journal = open_context("en", staff=True)
    page = context.new_page()
    page.goto("/inbox/")
    status = page.locator("#bulk-status")

    def offered() -> list[str]:
        return status.locator("option").evaluate_all(
            "options => options.filter((o) => !o.disabled && !o.hidden).map((o) => o.value)"
        )

    everything = offered()
    assert {"received", "verified", "closed"} <= set(everything)
    assert "accepted" not in everything
    status.select_option("received")

    response = page.locator("input[name=items][data-kind=consultation_response]").first
    response.focus()
    page.keyboard.press("Space")
    assert offered() == ["new", "in_progress", "waiting", "closed"]
    # "Received" is a challenge's step: it no longer stays chosen.
    assert status.input_value() == "new"

    page.locator("input[name=items][data-kind=challenge]").first.check()
    assert "received" in offered()
    assert "verified" not in offered()

    select_all = page.get_by_label("Select all items on this page")
    select_all.check()
    assert offered() == everything
    select_all.uncheck()
    assert page.locator("input[name=items]:checked").count() == 0
    assert offered() == everything
