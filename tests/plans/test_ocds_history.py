"""The plan's OCDS history: every release kept, withdrawals published,
records compiled as the Open Contracting Partnership's own tool compiles them."""

import json
import math
from datetime import date, datetime

import pytest
from jsonschema import Draft4Validator, FormatChecker
from ocdskit.combine import merge
from referencing import Registry, Resource
from sqlalchemy import delete, select

from app.plans.models import PlanItem, PlanRelease
from app.plans.services import set_status, update_plan
from tests.plans.test_exports import SCHEMA_URL, _schema_dir, ocds_validator, validate

__all__ = ["ocds_validator"]


@pytest.fixture(scope="module")
def record_validator():
    folder = _schema_dir()
    package = json.loads((folder / "record-package-schema.json").read_text())
    release = json.loads((folder / "release-schema.json").read_text())
    registry = Registry().with_resource(SCHEMA_URL, Resource.from_contents(release))
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def all_pages(client, url="/plans.json") -> list[dict]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.json)
        url = response.json.get("links", {}).get("next")
    return pages


def releases_of(client, ocid_suffix: str) -> list[dict]:
    return [
        release
        for page in all_pages(client)
        for release in page["releases"]
        if release["ocid"].endswith(ocid_suffix)
    ]


def test_a_withdrawn_item_stays_in_the_data_with_a_withdrawn_release(
    client, make_plan, session, ocds_validator, record_validator
):
    item = make_plan()
    update_plan(session, item, {"estimated_total_value": 9_000_000})
    set_status(session, item, "withdrawn")
    session.commit()

    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    releases = package["releases"]
    assert [r["tag"] for r in releases] == [["planning"], ["planningUpdate"], ["planningUpdate"]]
    assert [r["tender"]["status"] for r in releases] == ["planning", "planning", "withdrawn"]
    assert len({r["id"] for r in releases}) == 3
    assert [r["date"] for r in releases] == sorted(r["date"] for r in releases)
    # The first release is served exactly as it was published.
    assert releases[0]["planning"]["budget"]["amount"]["amount"] == 8_750_000

    records = client.get("/plans/records.json").json
    validate(record_validator, records)
    [record] = records["records"]
    assert record["ocid"] == releases[0]["ocid"]
    assert record["releases"] == releases
    assert record["compiledRelease"]["tender"]["status"] == "withdrawn"
    assert record["compiledRelease"]["planning"]["budget"]["amount"]["amount"] == 9_000_000


def test_taking_an_item_back_to_draft_withdraws_it_and_republishing_updates_it(
    client, make_plan, session
):
    item = make_plan()
    set_status(session, item, "draft")
    update_plan(session, item, {"summary": "Edited while not public"})
    set_status(session, item, "published")
    session.commit()
    releases = client.get("/plans.json").json["releases"]
    # The edit made while the item was a draft is not a release of its own.
    assert [(r["tag"], r["tender"]["status"]) for r in releases] == [
        (["planning"], "planning"),
        (["planningUpdate"], "withdrawn"),
        (["planningUpdate"], "planning"),
    ]
    assert releases[-1]["planning"]["rationale"] == "Edited while not public"


def test_drafts_never_publish_a_release(client, make_plan, session):
    item = make_plan(status="draft")
    update_plan(session, item, {"summary": "Still a draft"})
    session.commit()
    assert client.get("/plans.json").json["releases"] == []
    assert client.get("/plans/records.json").json["records"] == []


def test_records_match_what_ocdskit_compiles_from_the_release_pages(
    app, client, make_plan, session, monkeypatch
):
    monkeypatch.setitem(app.config, "OCDS_RELEASES_PER_PAGE", 2)
    first = make_plan(title="Home care")
    second = make_plan(title="Fleet replacement", lots=["Vans"], suitable_for_vcs=True)
    update_plan(session, first, {"lots": ["North"], "contact_phone": "01632 960000"})
    set_status(session, second, "withdrawn")
    session.commit()

    pages = all_pages(client)
    assert len(pages) == 2
    schema = json.loads((_schema_dir() / "dereferenced-release-schema.json").read_text())
    expected = {compiled["ocid"]: compiled for compiled in merge(pages, schema=schema)}
    served = {
        r["ocid"]: r["compiledRelease"] for r in client.get("/plans/records.json").json["records"]
    }
    assert served == expected
    assert len(served) == 2


def test_lots_suitability_contact_and_paragraphs_are_published(client, make_plan, ocds_validator):
    make_plan(
        description_html="<p>First paragraph.</p><p>Second, with <strong>bold</strong>.</p>",
        lots=["North", "South"],
        suitable_for_sme=True,
        suitable_for_vcs=False,
        contact_phone="01632 960000",
    )
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    [release] = package["releases"]
    tender = release["tender"]
    assert tender["description"] == "First paragraph.\n\nSecond, with bold."
    assert tender["lots"] == [{"id": "1", "title": "North"}, {"id": "2", "title": "South"}]
    assert tender["suitability"] == {"sme": True, "vcse": False}
    [party] = release["parties"]
    assert party["roles"] == ["buyer"]
    assert party["contactPoint"] == {
        "name": "Sam Patel",
        "email": "home.care@elmsworth.gov.example",
        "telephone": "01632 960000",
    }
    assert any("ocds_lots_extension" in url for url in package["extensions"])


def test_duration_in_days_matches_the_dates_across_the_spring_clock_change(client, make_plan):
    # The clocks go forward on 26 March 2028, inside this one-month contract.
    make_plan(contract_start_date=date(2028, 3, 1), contract_length_months=1, extension_months=None)
    period = client.get("/plans.json").json["releases"][0]["tender"]["contractPeriod"]
    assert period["startDate"] == "2028-03-01T00:00:00+00:00"
    assert period["endDate"] == "2028-03-31T23:59:59+01:00"
    assert period["durationInDays"] == 31
    start, end = (datetime.fromisoformat(period[k]) for k in ("startDate", "endDate"))
    assert math.ceil((end - start).total_seconds() / 86400) == period["durationInDays"]


def test_a_full_page_has_no_next_link_and_one_more_release_adds_a_page(
    app, client, make_plan, session, monkeypatch, ocds_validator
):
    monkeypatch.setitem(app.config, "OCDS_RELEASES_PER_PAGE", 3)
    item = make_plan()
    update_plan(session, item, {"summary": "Second release"})
    update_plan(session, item, {"summary": "Third release"})
    session.commit()
    [page] = all_pages(client)
    assert len(page["releases"]) == 3
    assert "links" not in page

    update_plan(session, item, {"summary": "Fourth release"})
    session.commit()
    first, second = all_pages(client)
    validate(ocds_validator, first)
    validate(ocds_validator, second)
    assert len(first["releases"]) == 3
    assert first["links"]["next"].startswith("http")
    assert [r["planning"]["rationale"] for r in second["releases"]] == ["Fourth release"]
    assert "links" not in second


@pytest.mark.parametrize("after", ["abc", "-1", "9" * 30])
def test_a_bad_page_address_is_a_clear_400(client, after):
    assert client.get(f"/plans.json?after={after}").status_code == 400


def test_release_missing_plans_writes_a_first_release_once(app, client, make_plan, session):
    item = make_plan()
    make_plan(status="draft", title="Not public")
    # As a database from before history was kept: three releases served, none stored.
    session.execute(delete(PlanRelease))
    item.release_count = 3
    session.commit()

    runner = app.test_cli_runner()
    assert "Plan releases written: 1." in runner.invoke(args=["release-missing-plans"]).output
    assert "Plan releases written: 0." in runner.invoke(args=["release-missing-plans"]).output
    [release] = client.get("/plans.json").json["releases"]
    # A new id: the ones published before are never reused for different data.
    assert release["id"].endswith("-0004")
    assert release["tag"] == ["planning"]


def test_release_numbers_come_from_the_locked_item_row(make_plan, session):
    item = make_plan()
    update_plan(session, item, {"summary": "Changed"})
    session.commit()
    numbers = session.scalars(
        select(PlanRelease.number).where(PlanRelease.plan_item_id == item.id)
    ).all()
    assert sorted(numbers) == [1, 2]
    assert session.get(PlanItem, item.id).release_count == 2


def test_simultaneous_edits_each_get_their_own_release_number(app, make_plan, session):
    """Eight staff save the same item at once; on PostgreSQL each release
    takes the next number under the item's row lock, none is lost or doubled."""
    import threading

    from sqlalchemy.orm import Session

    from app.core.db import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the row lock is PostgreSQL's; SQLite serialises writers anyway")
    item_id = make_plan().id
    barrier = threading.Barrier(8)
    failures: list[Exception] = []

    def edit(number: int) -> None:
        with app.app_context(), Session(db.engine) as own:
            item = own.get(PlanItem, item_id)
            barrier.wait()
            try:
                update_plan(own, item, {"summary": f"Edit {number}"})
                own.commit()
            except Exception as error:  # a lost edit is the failure being tested
                failures.append(error)

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    session.expire_all()
    numbers = session.scalars(
        select(PlanRelease.number).where(PlanRelease.plan_item_id == item_id)
    ).all()
    assert sorted(numbers) == list(range(1, 10))


def test_the_demo_council_publishes_a_release_for_every_public_item_once(
    app, client, session, monkeypatch
):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    cli = app.test_cli_runner()
    assert cli.invoke(args=["demo-data"]).exit_code == 0
    published = set(
        session.scalars(select(PlanItem.id).where(PlanItem.status == "published")).all()
    )
    released = set(session.scalars(select(PlanRelease.plan_item_id)).all())
    assert published
    assert published <= released
    count = len(session.scalars(select(PlanRelease.id)).all())
    assert cli.invoke(args=["demo-data"]).exit_code == 0
    assert len(session.scalars(select(PlanRelease.id)).all()) == count
    ocids = {r["ocid"] for page in all_pages(client) for r in page["releases"]}
    assert len(ocids) == len(released)
