"""Lots with their own values and periods (Procurement Act 2023 s.18; the lots
of a UK1 pipeline notice): staff keep them on the plan item's page, the public
page lists them, OCDS publishes them with the lots and UK extensions, and the
pipeline counts the whole contract's value."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.core.audit.models import AuditEvent
from app.plans.models import PlanItem, PlanLot, ProcurementSettings
from app.plans.pipeline import Period, judge, notice_value
from app.plans.services import update_plan
from tests.conftest import post_form
from tests.plans.test_exports import ocds_validator, validate
from tests.plans.test_ocds_history import record_validator

__all__ = ["ocds_validator", "record_validator"]

CY = {"Accept-Language": "cy"}
LOTS = [
    {
        "title": "North locality",
        "title_cy": "Ardal y Gogledd",
        "value": 1_000_000,
        "value_gross": 1_200_000,
        "start_date": date(2028, 1, 1),
        "end_date": date(2032, 12, 31),
    },
    {"title": "South locality", "value": 900_000},
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def lot_form(**changes) -> dict:
    data = {
        "title": "East locality",
        "title_cy": "Ardal y Dwyrain",
        "value": "£1,500,000",
        "value_gross": "1,800,000",
        "start_date": ["1", "4", "2028"],
        "end_date": ["31", "3", "2031"],
    }
    data.update(changes)
    return data


# -- Staff keep the lots on the plan item's page.


def test_a_commissioner_adds_a_lot_with_its_values_period_and_welsh_title(
    client, sign_in, make_plan, session
):
    item = make_plan(lots=[])
    released = item.release_count
    sign_in("commissioner")
    page = soup(client.get(f"/admin/plans/{item.id}"))
    add = page.select_one("#lots ~ p a")
    assert add.get_text(strip=True) == "Add a lot"
    form_page = soup(client.get(add["href"]))
    # The Welsh title sits right under the English, marked as Welsh.
    assert form_page.select_one("input#title_cy")["lang"] == "cy"
    response = post_form(client, add["href"], lot_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/plans/{item.id}#lots")
    session.expire_all()
    [lot] = session.get(PlanItem, item.id).lots
    assert (lot.position, lot.title, lot.title_cy) == (1, "East locality", "Ardal y Dwyrain")
    assert (lot.value, lot.value_gross) == (1_500_000, 1_800_000)
    assert (lot.start_date, lot.end_date) == (date(2028, 4, 1), date(2031, 3, 31))
    # A change to a public item is a new OCDS release, and audited.
    assert session.get(PlanItem, item.id).release_count == released + 1
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "plan.lot_add" in actions
    shown = soup(client.get(f"/admin/plans/{item.id}")).select_one("#lot-1").get_text(" ")
    assert "East locality" in shown
    assert "Ardal y Dwyrain" in shown
    assert "£1,500,000 excluding VAT" in shown
    assert "£1,800,000 including VAT" in shown


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title for the lot"),
        (
            {"value": "2,000,000", "value_gross": "1,999,999"},
            "value_gross",
            "The value including VAT must be at least the value excluding VAT",
        ),
        (
            {"start_date": ["1", "4", "2028"], "end_date": ["31", "3", "2028"]},
            "end_date",
            "The contract end must be on or after its start",
        ),
        ({"value": "lots"}, "value", "must be an amount in pounds"),
    ],
)
def test_a_lot_with_a_problem_is_shown_again_with_an_error_summary(
    client, sign_in, make_plan, session, changes, field, message
):
    item = make_plan(lots=[])
    sign_in("commissioner")
    url = f"/admin/plans/{item.id}/lots/new"
    response = post_form(client, url, lot_form(**changes))
    assert response.status_code == 400
    summary = soup(response).select_one(".govuk-error-summary")
    assert message in summary.get_text()
    assert summary.select_one("a")["href"].startswith(f"#{field}")
    session.expire_all()
    assert session.get(PlanItem, item.id).lots == []


def test_the_same_day_for_start_and_end_and_equal_values_are_accepted(
    client, sign_in, make_plan, session
):
    """Boundaries: a one-day contract and a lot with no VAT to add."""
    item = make_plan(lots=[])
    sign_in("commissioner")
    response = post_form(
        client,
        f"/admin/plans/{item.id}/lots/new",
        lot_form(value="500", value_gross="500", end_date=["1", "4", "2028"]),
    )
    assert response.status_code == 302


def test_a_commissioner_changes_a_lot_and_removes_one_and_the_rest_renumber(
    client, sign_in, make_plan, session
):
    item = make_plan(lots=["North", "Central", "South"])
    sign_in("commissioner")
    _north, central, south = item.lots
    url = f"/admin/plans/{item.id}/lots/{south.id}"
    page = soup(client.get(url))
    assert page.select_one("#title")["value"] == "South"
    response = post_form(client, url, lot_form(title="South and coast", title_cy=""))
    assert response.status_code == 302
    response = post_form(
        client,
        f"/admin/plans/{item.id}/lots/{central.id}/remove",
        {},
        form_url=f"/admin/plans/{item.id}",
    )
    assert response.status_code == 302
    session.expire_all()
    lots = session.get(PlanItem, item.id).lots
    assert [(lot.position, lot.title) for lot in lots] == [(1, "North"), (2, "South and coast")]
    actions = session.scalars(select(AuditEvent.action)).all()
    assert {"plan.lot_update", "plan.lot_remove"} <= set(actions)


def test_a_lot_is_found_only_under_its_own_plan_item(client, sign_in, make_plan):
    first = make_plan(title="Home care")
    other = make_plan(title="Day care")
    lot = first.lots[0]
    sign_in("commissioner")
    assert client.get(f"/admin/plans/{first.id}/lots/{lot.id}").status_code == 200
    assert client.get(f"/admin/plans/{other.id}/lots/{lot.id}").status_code == 404


def test_a_viewer_sees_the_lots_but_no_way_to_change_them(client, sign_in, make_plan):
    item = make_plan()
    sign_in("viewer")
    page = soup(client.get(f"/admin/plans/{item.id}"))
    assert page.select_one("#lot-1") is not None
    assert "Add a lot" not in page.get_text()
    assert page.select(f"form[action$='/lots/{item.lots[0].id}/remove']") == []
    assert client.get(f"/admin/plans/{item.id}/lots/new").status_code == 403


# -- The public page.


def test_the_public_page_lists_each_lot_with_its_value_and_period(client, make_plan):
    item = make_plan(lots=LOTS)
    lots = soup(client.get(f"/plans/{item.slug}")).select("#lot-list li")
    assert [li.find("strong").get_text(" ", strip=True) for li in lots] == [
        "Lot 1: North locality",
        "Lot 2: South locality",
    ]
    first = lots[0].get_text(" ", strip=True)
    assert "£1,000,000 excluding VAT; £1,200,000 including VAT" in first
    assert "Contract from 1 January 2028 to 31 December 2032" in first
    assert "£900,000 excluding VAT" in lots[1].get_text(" ", strip=True)
    assert "Contract" not in lots[1].get_text(" ", strip=True)


def test_welsh_readers_see_welsh_lot_titles_and_english_marked_where_missing(client, make_plan):
    item = make_plan(lots=LOTS)
    lots = soup(client.get(f"/plans/{item.slug}", headers=CY)).select("#lot-list li strong")
    assert "Ardal y Gogledd" in lots[0].get_text()
    assert lots[0].select_one("[lang=en]") is None
    marked = lots[1].select_one("span[lang=en]")
    assert marked is not None
    assert marked.get_text() == "South locality"


# -- Open data.


def test_ocds_lots_carry_values_gross_amounts_periods_and_welsh_titles(
    client, make_plan, ocds_validator, record_validator
):
    make_plan(lots=LOTS)
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    validate(record_validator, client.get("/plans/records.json").json)
    [release] = package["releases"]
    assert release["tender"]["lots"] == [
        {
            "id": "1",
            "title": "North locality",
            "title_cy": "Ardal y Gogledd",
            "value": {"amount": 1_000_000, "currency": "GBP", "amountGross": 1_200_000},
            "contractPeriod": {
                "startDate": "2028-01-01T00:00:00+00:00",
                "endDate": "2032-12-31T23:59:59+00:00",
                "durationInDays": 1827,
            },
        },
        {"id": "2", "title": "South locality", "value": {"amount": 900_000, "currency": "GBP"}},
    ]


def test_a_lot_with_only_a_gross_value_still_validates(client, make_plan, ocds_validator):
    make_plan(lots=[{"title": "North", "value_gross": 600_000}])
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    [lot] = package["releases"][0]["tender"]["lots"]
    assert lot["value"] == {"currency": "GBP", "amountGross": 600_000}


def test_changing_a_lot_publishes_a_new_release_with_it(client, make_plan, session):
    item = make_plan(lots=["North"])
    update_plan(session, item, {"lots": [{"title": "North", "value": 5}]})
    session.commit()
    releases = client.get("/plans.json").json["releases"]
    assert [r["tender"]["lots"][0].get("value") for r in releases] == [
        None,
        {"amount": 5, "currency": "GBP"},
    ]


# -- The pipeline counts the whole contract (Procurement Act 2023 Sch.3).

PERIOD = Period(date(2027, 4, 1))


def reasons(app, verdict) -> list[str]:
    with app.test_request_context():
        return [str(reason) for reason in verdict.reasons]


def judged(session, make_plan, **data):
    item = make_plan(estimated_notice_date=date(2027, 6, 1), **data)
    return judge(session.get(PlanItem, item.id), PERIOD)


@pytest.mark.parametrize(
    ("values", "expected", "qualifies"),
    [
        # Exactly £2 million is not "more than" £2 million (s.93(2)).
        ([1_000_000, 1_000_000], 2_000_000, False),
        ([1_000_000, 1_000_001], 2_000_001, True),
    ],
)
def test_with_no_value_of_its_own_an_item_counts_its_lots_added_together(
    app, session, make_plan, values, expected, qualifies
):
    lots = [{"title": f"Lot {n}", "value": v} for n, v in enumerate(values, 1)]
    verdict = judged(
        session, make_plan, estimated_total_value=None, estimated_annual_value=None, lots=lots
    )
    assert notice_value(verdict.item) == expected
    assert verdict.qualifies is qualifies
    assert "The value counted is the lots added together." in reasons(app, verdict)


def test_a_lots_value_including_vat_counts_before_its_value_excluding_vat(session, make_plan):
    lots = [{"title": "A", "value": 1_000_000, "value_gross": 1_200_000}, {"title": "B"}]
    verdict = judged(session, make_plan, estimated_total_value=None, lots=lots)
    assert notice_value(verdict.item) == 1_200_000


def test_lots_worth_more_than_the_items_own_value_are_counted(session, make_plan):
    lots = [{"title": "A", "value": 1_500_000}, {"title": "B", "value": 1_000_000}]
    verdict = judged(session, make_plan, estimated_total_value=1_800_000, lots=lots)
    assert notice_value(verdict.item) == 2_500_000
    assert verdict.qualifies


def test_the_items_own_value_stands_when_its_lots_come_to_less(app, session, make_plan):
    lots = [{"title": "A", "value": 100}, {"title": "B"}]
    verdict = judged(session, make_plan, estimated_total_value=2_500_000, lots=lots)
    assert notice_value(verdict.item) == 2_500_000
    assert "The value counted is the lots added together." not in reasons(app, verdict)


def test_lots_without_values_leave_an_item_with_no_value_out(session, make_plan):
    verdict = judged(session, make_plan, estimated_total_value=None, lots=["A", "B"])
    assert notice_value(verdict.item) is None
    assert not verdict.qualifies


def test_the_uk1_csv_gives_each_lots_value_and_period_after_its_procurement(
    client, sign_in, make_plan, session, monkeypatch
):
    import app.plans.pipeline as pipeline
    import app.plans.pipeline_views as views

    for module in (pipeline, views):
        monkeypatch.setattr(module, "london_today", lambda now=None: date(2027, 4, 20))
    session.add(ProcurementSettings(spend_band="over_500m"))
    session.commit()
    make_plan(title="Home care", estimated_notice_date=date(2027, 6, 1), lots=LOTS)
    sign_in("viewer")
    text = client.get("/admin/plans/pipeline.csv").data.decode("utf-8").lstrip("\ufeff")
    header, procurement, north, south = list(csv.reader(io.StringIO(text)))
    north = dict(zip(header, north, strict=True))
    assert north["Lot number"] == "1"
    assert north["Lot title"] == "North locality"
    assert north["Estimated value excluding VAT (GBP)"] == "1000000"
    assert north["Estimated value including VAT (GBP)"] == "1200000"
    assert north["Estimated contract start date"] == "2028-01-01"
    assert north["Estimated contract end date"] == "2032-12-31"
    south = dict(zip(header, south, strict=True))
    assert south["Estimated contract start date"] == ""
    assert dict(zip(header, procurement, strict=True))["Divided into lots"] == "Yes"


def test_the_pipeline_page_query_count_does_not_grow_with_lots(
    client, sign_in, make_plan, count_queries, session
):
    session.add(ProcurementSettings(spend_band="over_500m"))
    session.commit()
    make_plan(title="One", lots=["A"])
    sign_in("viewer")
    few = count_queries(lambda: client.get("/admin/plans/pipeline"))
    for number in range(10):
        make_plan(title=f"Item {number}", lots=[f"Lot {n}" for n in range(5)])
    many = count_queries(lambda: client.get("/admin/plans/pipeline"))
    assert many.count == few.count, many.statements


def test_lot_rows_cascade_away_with_their_item(session, make_plan):
    item = make_plan(lots=["A", "B"])
    session.delete(item)
    session.commit()
    assert session.scalars(select(PlanLot)).all() == []


def test_the_demo_council_has_several_items_in_lots_with_values_periods_and_welsh(session):
    from app.demo.plans import load_demo_plans

    load_demo_plans(session)
    session.commit()
    items = session.scalars(select(PlanItem).where(PlanItem.lots.any())).all()
    assert len(items) >= 3
    for item in items:
        for lot in item.lots:
            assert lot.title_cy.strip(), lot.title
            assert lot.title_cy != lot.title, lot.title
            assert lot.value is not None
            assert lot.value_gross is not None
            assert lot.start_date
            assert lot.end_date
            assert lot.start_date <= lot.end_date
        # The lots make up the whole contract the item's own value estimates.
        assert sum(lot.value for lot in item.lots) == item.estimated_total_value, item.slug
