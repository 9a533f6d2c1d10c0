"""Public pages cost the same number of queries however many items there are."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/plans/",
        "/plans/?q=care&sme=yes&page=2",
        "/plans.csv",
        "/plans.json",
        "/plans/records.json",
        "/plans/feed.atom",
    ],
)
def test_query_count_does_not_grow_with_items(client, make_plan, count_queries, url):
    make_plan(title="Care one")
    few = count_queries(lambda: client.get(url))
    for number in range(45):
        make_plan(title=f"Care item {number}")
    many = count_queries(lambda: client.get(url))
    assert many.count == few.count, many.statements
    assert many.count <= 5


@pytest.mark.parametrize("url", ["/plans/", "/plans.csv", "/plans.json", "/plans/records.json"])
def test_query_count_does_not_grow_with_lots(client, make_plan, count_queries, url):
    """Each item's lots come in one query for all items (selectinload), never one per item."""
    make_plan(title="Care one", lots=["North"])
    few = count_queries(lambda: client.get(url))
    for number in range(20):
        make_plan(title=f"Care item {number}", lots=[f"Lot {n}" for n in range(6)])
    many = count_queries(lambda: client.get(url))
    assert many.count == few.count, many.statements


def test_plan_page_uses_few_queries(client, make_plan, count_queries):
    item = make_plan()
    counted = count_queries(lambda: client.get(f"/plans/{item.slug}"))
    # The item, its area, its lots (one query for all of them), and the
    # consultations and events that link back to it.
    assert counted.count <= 5, counted.statements
