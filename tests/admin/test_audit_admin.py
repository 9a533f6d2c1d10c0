"""Administrators read the audit log at /admin/audit; nobody else can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.plans.models import PlanItem
from tests.conftest import TEST_PASSWORD, post_form
from tests.plans.test_admin import VALID_FORM

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def add_events(session):
    def add(*events: dict) -> None:
        for number, values in enumerate(events):
            session.add(
                AuditEvent(
                    occurred_at=values.get("when", START + timedelta(minutes=number)),
                    actor_email=values.get("actor", "sam@elmsworth.gov.example"),
                    action=values.get("action", "plan.update"),
                    object_type="plan_item",
                    object_ref=values.get("ref", "home-care"),
                    summary=values.get("summary", "Changed a plan item"),
                )
            )
        session.commit()

    return add


@pytest.fixture
def admin(sign_in):
    return sign_in("administrator")


def rows(response) -> list[dict]:
    """The entries shown, leaving out the administrator's own sign-in."""
    assert response.status_code == 200, response.text
    soup = BeautifulSoup(response.text, "html.parser")
    found = []
    for row in soup.select("tbody tr"):
        cells = row.find_all("td")
        if len(cells) < 6 or cells[2]["data-action"].startswith("staff."):
            continue
        found.append(
            {
                "who": cells[1].get_text(strip=True),
                "action": cells[2]["data-action"],
                "ref": cells[3].get_text(strip=True),
                "summary": cells[4].get_text(" ", strip=True),
            }
        )
    return found


def test_events_are_listed_newest_first_with_a_count(client, admin, add_events):
    add_events(
        {"ref": "oldest", "when": START},
        {"ref": "newest", "when": START + timedelta(days=2)},
        {"ref": "middle", "when": START + timedelta(days=1)},
    )
    response = client.get("/admin/audit")
    assert [row["ref"] for row in rows(response)] == ["newest", "middle", "oldest"]
    assert "Changed a plan item" in response.text
    assert "3 entries" in client.get("/admin/audit?action=plan.update").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=JO@elmsworth.gov.example", {"jo-plan", "jo-export"}),
        ("action=inbox.export", {"jo-export", "sam-export"}),
        ("reference=con-2026-7k3qx9", {"sam-export"}),
        ("reference=jo-plan", {"jo-plan"}),
        ("from=2026-06-02", {"jo-export", "sam-export"}),
        ("to=1/6/2026", {"jo-plan", "sam-plan"}),
        ("from=2026-06-02&to=2026-06-02", {"jo-export"}),
        ("actor=jo@elmsworth.gov.example&action=inbox.export", {"jo-export"}),
        ("actor=sam@elmsworth.gov.example&from=2026-06-03", {"sam-export"}),
        ("actor=nobody@elmsworth.gov.example", set()),
    ],
)
def test_filters_narrow_the_log(client, admin, add_events, query, expected):
    jo = "jo@elmsworth.gov.example"
    add_events(
        {"actor": jo, "ref": "jo-plan", "when": START},
        {"ref": "sam-plan", "when": START + timedelta(hours=1)},
        {
            "actor": jo,
            "action": "inbox.export",
            "ref": "jo-export",
            "when": START + timedelta(days=1),
        },
        {"action": "inbox.export", "ref": "CON-2026-7K3QX9", "when": START + timedelta(days=2)},
    )
    found = {row["ref"] for row in rows(client.get(f"/admin/audit?{query}"))}
    assert found == {"CON-2026-7K3QX9" if ref == "sam-export" else ref for ref in expected}


def test_dates_are_whole_days_in_uk_time(client, admin, add_events):
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    add_events(
        {"ref": "late-june-utc", "when": datetime(2026, 6, 30, 23, 30, tzinfo=UTC)},
        {"ref": "june", "when": datetime(2026, 6, 30, 22, 30, tzinfo=UTC)},
    )
    assert [row["ref"] for row in rows(client.get("/admin/audit?from=2026-07-01"))] == [
        "late-june-utc"
    ]
    assert [row["ref"] for row in rows(client.get("/admin/audit?to=2026-06-30"))] == ["june"]


def test_filters_are_kept_in_the_form_and_the_page_links(client, admin, add_events):
    add_events(
        *(
            {"actor": "jo@elmsworth.gov.example", "action": "inbox.view", "ref": f"r{n}"}
            for n in range(55)
        ),
        *({"ref": f"other{n}"} for n in range(10)),
    )
    query = "actor=jo@elmsworth.gov.example&action=inbox.view&from=2026-06-01"
    response = client.get(f"/admin/audit?{query}")
    assert len(rows(response)) == 50
    assert "55 entries" in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.find("input", {"name": "actor"})["value"] == "jo@elmsworth.gov.example"
    assert soup.find("option", {"value": "inbox.view"}).has_attr("selected")
    assert soup.find("input", {"name": "from"})["value"] == "2026-06-01"
    assert soup.find("a", rel="prev") is None

    next_link = soup.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(next_link).query) == {
        "page": ["2"],
        "actor": ["jo@elmsworth.gov.example"],
        "action": ["inbox.view"],
        "from": ["2026-06-01"],
    }
    second = client.get(next_link)
    assert {row["ref"] for row in rows(second)} == {f"r{n}" for n in range(5)}
    second_soup = BeautifulSoup(second.text, "html.parser")
    assert second_soup.find("a", rel="next") is None
    assert "actor=jo@elmsworth.gov.example" in second_soup.find("a", rel="prev")["href"]


@pytest.mark.parametrize("role", ["viewer", "commissioner"])
def test_other_staff_are_refused(client, sign_in, role):
    sign_in(role)
    assert client.get("/admin/audit").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/audit?actor=jo@elmsworth.gov.example")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/staff/sign-in"


@pytest.mark.parametrize(
    "query",
    [
        "from=yesterday",
        "from=2026-02-31&to=31/13/2026",
        "from=0001-01-01&to=9999-12-31",
        "page=abc",
        "page=-4",
        "page=99999999999999999999",
        "action=%3Cscript%3E",
        "actor=" + "a" * 5000,
        "reference=" + "%F0%9F%98%80" * 2000,
        "from=" + "2" * 5000,
        "actor=&action=&reference=&from=&to=&page=",
    ],
)
def test_malformed_filters_never_cause_an_error(client, admin, add_events, query):
    add_events({"ref": "kept"})
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200


def test_a_bad_date_is_explained_and_ignored(client, admin, add_events):
    add_events({"ref": "kept"})
    response = client.get("/admin/audit?from=31/02/2026&to=2026-05-01")
    assert "Enter a real date" in response.text
    assert [row["ref"] for row in rows(response)] == []  # "to" still applies
    response = client.get("/admin/audit?from=2026-06-02&to=2026-06-01")
    assert "must be the same as or after" in response.text


@pytest.mark.parametrize(
    "query", ["", "?actor=sam@elmsworth.gov.example&action=plan.update&from=2026-01-01&page=1"]
)
def test_query_count_does_not_grow_with_events_shown(
    client, admin, add_events, count_queries, query
):
    add_events({"ref": "one"})
    few = count_queries(lambda: client.get(f"/admin/audit{query}"))
    add_events(*({"ref": f"r{n}"} for n in range(80)))
    many = count_queries(lambda: client.get(f"/admin/audit{query}"))
    assert many.count == few.count, many.statements
    # The signed-in user, the count and the page.
    assert many.count <= 3, many.statements


# What the portal records. These depend on the calls to `record` in
# app/accounts/services.py and app/plans/services.py.


def logged(session) -> list[AuditEvent]:
    session.expire_all()
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_sign_ins_and_failed_sign_ins_are_recorded(client, session, make_staff):
    staff = make_staff("viewer")
    email = staff.email
    typo = "someone.else@elsewhere.example"
    for address in (email, typo):
        response = post_form(client, "/staff/sign-in", {"email": address, "password": "wrong one"})
        assert response.status_code == 400
    post_form(client, "/staff/sign-in", {"email": email.upper(), "password": TEST_PASSWORD})

    events = logged(session)
    assert [(e.action, e.actor_email, e.object_ref) for e in events] == [
        ("staff.sign_in_failed", None, email),
        ("staff.sign_in_failed", None, None),
        ("staff.sign_in", email, email),
    ]
    # An address that matches no account is someone else's typo: never stored.
    assert all(typo not in repr(vars(event)) for event in events)


def test_plan_changes_are_recorded_with_the_fields_changed(client, session, sign_in, area):
    staff_email = sign_in("commissioner").email
    form = {**VALID_FORM, "service_area_id": str(area.id)}
    assert post_form(client, "/admin/plans/new", form).status_code == 302
    item = session.scalars(select(PlanItem)).one()
    item_id, slug = item.id, item.slug
    edited = {**form, "title": "Support for unpaid carers", "contract_length_months": "48"}
    edit_url = f"/admin/plans/{item_id}/edit"
    assert post_form(client, edit_url, edited).status_code == 302
    for action in ("publish", "withdraw"):
        status_url = f"/admin/plans/{item_id}/status"
        post_form(client, status_url, {"action": action}, form_url=f"/admin/plans/{item_id}")

    events = [event for event in logged(session) if event.object_type == "plan_item"]
    assert [(e.action, e.actor_email, e.object_ref) for e in events] == [
        ("plan.create", staff_email, slug),
        ("plan.update", staff_email, slug),
        ("plan.publish", staff_email, slug),
        ("plan.withdraw", staff_email, slug),
    ]
    assert events[1].details == {"id": item_id, "fields": ["title", "contract_length_months"]}
    assert events[3].details == {"id": item_id, "from": "published", "to": "withdrawn"}
