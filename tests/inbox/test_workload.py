"""/inbox/workload: open items per person and per area, by age and due
state, every number a link to the inbox showing exactly those items."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup

from app.core.models import ServiceArea
from app.inbox import search
from app.inbox.services import file_submission

# Wednesday 15 July 2026, in British Summer Time (UTC+1).
TODAY = date(2026, 7, 15)


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr(search, "london_today", lambda: TODAY)


def _item(session, n, received, *, area=None, assignee=None, due=None, status="new"):
    item = file_submission(
        session,
        kind="challenge",
        subject=f"Item {n}",
        service_area=area,
        submitter_email=f"p{n}@example.org",
        received_at=received,
    )
    item.assignee = assignee
    item.due_on = due
    item.status = status
    return item


@pytest.fixture
def items(session, area, make_staff):
    commissioner = make_staff("commissioner")
    other = make_staff("commissioner", email="sam@elmsworth.gov.example")
    other.name = "Sam Patel"
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.flush()
    made = [
        # Received at 00:00 BST on 9 July: 6 whole days old, "under 7".
        _item(session, 1, at(2026, 7, 8, 23, 0), area=area, assignee=commissioner),
        # One minute earlier, 23:59 BST on 8 July: 7 days old.
        _item(session, 2, at(2026, 7, 8, 22, 59), area=area, assignee=commissioner, due=TODAY),
        # 00:00 BST on 18 June: 27 days old; due yesterday, so overdue.
        _item(session, 3, at(2026, 6, 17, 23, 0), area=housing, due=date(2026, 7, 14)),
        # 23:59 BST on 17 June: 28 days old, due tomorrow.
        _item(session, 4, at(2026, 6, 17, 22, 59), assignee=other, due=date(2026, 7, 16)),
        # Finished items are not workload, however old or overdue.
        _item(
            session,
            5,
            at(2026, 1, 1),
            area=area,
            assignee=commissioner,
            due=date(2026, 2, 1),
            status="closed",
        ),
        _item(session, 6, at(2026, 1, 1), area=housing, due=date(2026, 2, 1), status="rejected"),
    ]
    session.commit()
    return made, commissioner, other


def _table(page, caption):
    soup = BeautifulSoup(page, "html.parser")
    table = next(t for t in soup.select("table") if caption in t.caption.get_text())
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True).split(" · ")[0] for td in tr.select("td")]
        links = [a["href"] if (a := td.find("a")) else None for td in tr.select("td")]
        rows[tr.th.get_text(strip=True)] = (cells, links)
    return rows


def _shown(client, href):
    soup = BeautifulSoup(client.get(href).text, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("a.app-reference"))


def test_open_items_by_person_by_age_and_due_state(client, session, sign_in, items, frozen_today):
    _made, commissioner, other = items
    sign_in("commissioner")
    page = client.get("/inbox/workload")
    assert page.status_code == 200
    people = _table(page.text, "Open items by person")
    # Open, under 7, 7-27, 28+, overdue, due today, due later, no due date
    assert people[commissioner.name][0] == ["2", "1", "1", "0", "0", "1", "0", "1"]
    assert people[other.name][0] == ["1", "0", "0", "1", "0", "0", "1", "0"]
    assert people["Unassigned"][0] == ["1", "0", "1", "0", "1", "0", "0", "0"], people
    assert list(people)[-1] == "Unassigned"
    areas = _table(page.text, "Open items by service area")
    assert areas["Adult social care"][0][:2] == ["2", "1"]
    assert areas["Housing"][0] == ["1", "0", "1", "0", "1", "0", "0", "0"]
    assert areas["No service area"][0][0] == "1"


def test_every_number_links_to_exactly_those_items(client, session, sign_in, items, frozen_today):
    made = items[0]
    sign_in("commissioner")
    page = client.get("/inbox/workload").text
    for caption in ("Open items by person", "Open items by service area"):
        for label, (cells, links) in _table(page, caption).items():
            for count, href in zip(cells, links, strict=True):
                if href is None:
                    assert count == "0", (caption, label)
                    continue
                shown = _shown(client, href)
                assert len(shown) == int(count), (caption, label, href, shown)
    refs = [item.reference for item in made]
    overdue = _table(page, "Open items by person")["Unassigned"][1][4]
    assert _shown(client, overdue) == [refs[2]]


def test_the_workload_counts_with_a_fixed_number_of_queries(
    app, client, session, sign_in, area, count_queries, frozen_today
):
    sign_in("commissioner")
    client.get("/inbox/workload")
    few = count_queries(lambda: client.get("/inbox/workload"))
    for n in range(30):
        _item(session, 100 + n, at(2026, 7, 1), area=area)
    session.commit()
    many = count_queries(lambda: client.get("/inbox/workload"))
    assert len(many.statements) == len(few.statements)


def test_a_viewer_cannot_see_the_workload(client, sign_in):
    sign_in("viewer")
    assert client.get("/inbox/workload").status_code == 403


def test_the_workload_is_in_welsh(client, session, sign_in, items, frozen_today):
    sign_in("commissioner")
    client.get("/language/cy?next=/inbox/workload")
    page = client.get("/inbox/workload").text
    assert "Tai" in page
    assert "Eitemau agored fesul person" in page


def test_the_inbox_dashboard_counts_only_unfinished_items(session, items, frozen_today):
    """A rejected challenge with a due date long gone is neither open nor overdue."""
    figures = search.dashboard(session)
    assert figures.open_by_kind == {"challenge": 4}
    assert figures.overdue == 1
