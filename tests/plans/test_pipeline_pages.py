"""/admin/plans/pipeline and /admin/procurement-settings: a commissioner takes
the pipeline notice from warning to published, with the notice number kept."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from app.plans.models import PipelineNotice, ProcurementSettings
from app.plans.services import update_plan
from tests.conftest import post_form

TODAY = date(2027, 4, 20)


@pytest.fixture
def today(monkeypatch):
    import app.plans.pipeline as pipeline
    import app.plans.pipeline_views as views

    def set_day(day: date):
        monkeypatch.setattr(pipeline, "london_today", lambda now=None: day)
        monkeypatch.setattr(views, "london_today", lambda now=None: day)

    set_day(TODAY)
    return set_day


@pytest.fixture
def big_council(session):
    session.add(ProcurementSettings(spend_band="over_500m", ppon="PLLH-1887-BMRL"))
    session.commit()


def plan_items(make_plan):
    big = make_plan(
        title="Home care",
        estimated_total_value=8_750_000,
        estimated_notice_date=date(2027, 6, 1),
        main_category="services",
        cpv_codes=["85312000", "85311100"],
    )
    edge = make_plan(
        title="Day centres", estimated_total_value=2_000_000, estimated_notice_date=date(2027, 6, 1)
    )
    return big, edge


def test_settings_are_kept_by_administrators_with_a_format_checked_ppon(client, sign_in, session):
    sign_in("administrator")
    url = "/admin/procurement-settings"
    data = {
        "spend_band": "100m_to_500m",
        "ppon": "PLLH1887BMRL",
        "authority_type": "publicAuthoritySubCentralGovernment",
        "ocid_prefix": "",
    }
    refused = post_form(client, url, data)
    assert refused.status_code == 400
    assert "Enter a PPON in the right format, like PLLH-1887-BMRL" in refused.text
    saved = post_form(client, url, {**data, "ppon": "pllh-1887-bmrl", "ocid_prefix": "ocds-abc123"})
    assert saved.status_code == 302
    found = session.scalar(select(ProcurementSettings))
    assert (found.spend_band, found.ppon, found.ocid_prefix) == (
        "100m_to_500m",
        "PLLH-1887-BMRL",
        "ocds-abc123",
    )


def test_commissioners_cannot_change_the_settings(client, sign_in):
    sign_in("commissioner")
    assert client.get("/admin/procurement-settings").status_code == 403


def test_from_warning_to_published_and_changed_since(
    client, sign_in, session, make_plan, big_council, today
):
    big, _edge = plan_items(make_plan)
    sign_in("commissioner")
    page = client.get("/admin/plans/pipeline")
    assert page.status_code == 200
    assert "Publish the pipeline notice on Find a Tender by 26 May 2027: 36 days left." in page.text
    assert "1 item needs to be in the notice" in page.text
    assert "Estimated value is £2 million or less." in page.text

    refused = post_form(
        client,
        "/admin/plans/pipeline/published",
        {"notice_number": ""},
        form_url="/admin/plans/pipeline",
    )
    assert refused.status_code == 400
    done = post_form(
        client,
        "/admin/plans/pipeline/published",
        {"notice_number": "2027/S 000-012345"},
        form_url="/admin/plans/pipeline",
    )
    assert done.status_code == 302
    notice = session.scalar(select(PipelineNotice))
    assert notice.notice_number == "2027/S 000-012345"
    assert notice.item_ids == [big.id]
    page = client.get("/admin/plans/pipeline")
    assert "Notice 2027/S 000-012345" in page.text
    assert "Changed since published" not in page.text

    update_plan(session, big, {"estimated_total_value": 9_000_000})
    session.commit()
    page = client.get("/admin/plans/pipeline")
    assert "Changed since published" in page.text
    assert "1 item has changed since the notice was published" in page.text


def test_the_deadline_day_and_the_day_after(client, sign_in, make_plan, big_council, today):
    plan_items(make_plan)
    sign_in("viewer")
    today(date(2027, 5, 26))
    assert "by 26 May 2027: 0 days left." in client.get("/admin/plans/pipeline").text
    today(date(2027, 5, 27))
    assert "was due by 26 May 2027" in client.get("/admin/plans/pipeline").text


def test_no_warning_below_the_spend_threshold(client, sign_in, session, make_plan, today):
    session.add(ProcurementSettings(spend_band="up_to_100m"))
    session.commit()
    plan_items(make_plan)
    sign_in("commissioner")
    page = client.get("/admin/plans/pipeline")
    assert "no pipeline notice is due" in page.text
    assert "Record the notice as published" not in page.text


def test_a_commissioner_limited_to_an_area_cannot_mark_the_council_s_notice(
    client, session, make_staff, area, big_council, today
):
    from tests.conftest import sign_in_with_password

    user = make_staff("commissioner", email="limited@elmsworth.gov.example")
    user.service_areas = [area]
    session.commit()
    sign_in_with_password(client, user.email)
    response = post_form(
        client,
        "/admin/plans/pipeline/published",
        {"notice_number": "X1"},
        form_url="/admin/plans/pipeline",
    )
    assert response.status_code == 403


def test_the_csv_lists_qualifying_items_in_uk1_order(
    client, sign_in, make_plan, big_council, today
):
    plan_items(make_plan)
    sign_in("viewer")
    response = client.get("/admin/plans/pipeline.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8").lstrip("\ufeff"))))
    header, *items = rows
    assert header[:7] == [
        "Title",
        "Lot number",
        "Lot title",
        "Description",
        "Main category (goods, services or works)",
        "CPV codes",
        "Divided into lots",
    ]
    # The procurement, then a row for each of its lots (conftest's North and South).
    assert [(row[0], row[1], row[2]) for row in items] == [
        ("Home care", "", ""),
        ("Home care", "1", "North"),
        ("Home care", "2", "South"),
    ]
    row = dict(zip(header, items[0], strict=True))
    assert row["Divided into lots"] == "Yes"
    assert row["CPV codes"] == "85312000; 85311100"
    assert row["Estimated date of tender or transparency notice"] == "2027-06-01"
    assert row["Reporting period"] == "2027-04-01 to 2028-09-30"


def test_the_dashboard_warns_from_1_april_until_the_notice_is_published(
    client, sign_in, session, make_plan, big_council, today
):
    plan_items(make_plan)
    sign_in("commissioner")
    today(date(2027, 3, 31))
    # On 31 March the period is still the one from 1 April 2026 (its notice,
    # never recorded, was due by 26 May 2026); from 1 April, the new one's.
    assert "was due by 26 May 2026" in client.get("/inbox/").text
    today(date(2027, 4, 1))
    assert "due on Find a Tender by 26 May 2027: 55 days left." in client.get("/inbox/").text
    post_form(
        client,
        "/admin/plans/pipeline/published",
        {"notice_number": "2027/S 000-012345"},
        form_url="/admin/plans/pipeline",
    )
    assert "pipeline notice" not in client.get("/inbox/").text


def test_a_commissioner_records_the_uk1_fields_and_finds_cpv_codes(
    client, sign_in, session, make_plan, area
):
    from tests.plans.test_admin import _form

    item = make_plan()
    sign_in("commissioner")
    found = client.get("/admin/plans/cpv-codes?q=welfare elderly")
    assert found.status_code == 200
    assert "85311100" in found.text
    assert "Welfare services for the elderly" in found.text
    assert "85312100" not in found.text

    url = f"/admin/plans/{item.id}/edit"
    assert "For a pipeline notice" in client.get(url).text
    data = _form(area, cpv_codes="85311100\n99999999")
    refused = post_form(client, url, data)
    assert refused.status_code == 400
    assert "99999999 is not a CPV code the portal knows" in refused.text
    data = _form(
        area,
        cpv_codes="85311100-3\n85312000",
        main_category="services",
        value_gross="10,500,000",
        contract_kind=["framework"],
        estimated_notice_date=["1", "6", "2027"],
    )
    assert post_form(client, url, data).status_code == 302
    session.refresh(item)
    assert item.cpv_codes == ["85311100", "85312000"]
    assert (item.main_category, item.value_gross, item.is_framework, item.is_dynamic_market) == (
        "services",
        10_500_000,
        True,
        False,
    )
    assert item.estimated_notice_date == date(2027, 6, 1)


def test_the_demo_council_s_plan_shows_which_items_need_a_pipeline_notice(
    app, client, sign_in, session, monkeypatch, today
):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    today(date(2026, 12, 5))
    sign_in("viewer")
    page = client.get("/admin/plans/pipeline")
    assert page.status_code == 200
    assert "Reporting period: 1 April 2026 to 30 September 2027." in page.text
    assert "Home care by locality" in page.text or "home care" in page.text.lower()
    assert "Estimated value is more than £2 million." in page.text
    assert "Not a procurement under the Act, so there is no tender notice." in page.text
    assert "was due by 26 May 2026" in page.text
    rows = client.get("/admin/plans/pipeline.csv").data.decode("utf-8").splitlines()
    assert len(rows) > 2
    assert any("85312000; 85311100; 85311200" in row for row in rows)
