"""The plan's OCDS history: every release kept, withdrawals published,
records compiled as the Open Contracting Partnership's own tool compiles them."""

import json
import math
from datetime import date, datetime

import pytest
from ocdskit.combine import merge
from sqlalchemy import delete, select

from app.plans.models import PlanItem, PlanRelease
from app.plans.ocds import EXTENSIONS
from app.plans.services import set_status, update_plan
from tests.plans.ocds_schemas import SHIPPED_EXTENSIONS, package_validator
from tests.plans.test_exports import _schema_dir, ocds_validator, validate

__all__ = ["ocds_validator"]


@pytest.fixture(scope="module")
def record_validator():
    """Record packages, with every extension the portal declares applied."""
    return package_validator("record-package-schema.json", EXTENSIONS)


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


def test_every_extension_a_release_uses_is_declared_and_shipped(client, make_plan):
    """OCDS 1.1 extensions: a publisher declares each extension its data uses
    (package `extensions`); suitability.sme is the suitability extension's,
    suitability.vcse the UK extension's, lots the lots extension's."""
    make_plan(lots=["North"], suitable_for_sme=True, suitable_for_vcs=True)
    for url in ("/plans.json", "/plans/records.json"):
        declared = client.get(url).json["extensions"]
        assert (
            "https://raw.githubusercontent.com/open-contracting-extensions/"
            "ocds_suitability_extension/master/extension.json" in declared
        )
        assert any("ocds_uk_extension" in ext for ext in declared)
        for ext in declared:
            assert ext in SHIPPED_EXTENSIONS, ext


def test_suitability_that_is_not_a_boolean_fails_the_extended_schema(ocds_validator):
    """The check can fail: the suitability extension types sme as a boolean."""
    release = {
        "ocid": "ocds-x-1",
        "id": "1",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["planning"],
        "initiationType": "tender",
        "tender": {"id": "t", "suitability": {"sme": "yes"}},
    }
    package = {
        "uri": "https://example.org/p.json",
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "x"},
        "releases": [release],
    }
    assert list(ocds_validator.iter_errors(package))


def test_records_are_paged_like_releases_and_each_page_validates(
    app, client, make_plan, session, monkeypatch, record_validator
):
    """OCDS paging guidance: each page of the record package links the next
    with `links.next`; the last page has no `links`; no record is split or lost."""
    monkeypatch.setitem(app.config, "OCDS_RECORDS_PER_PAGE", 2)
    first = make_plan(title="Home care")
    make_plan(title="Fleet replacement")
    third = make_plan(title="Day centres")
    update_plan(session, first, {"summary": "Changed"})
    set_status(session, third, "withdrawn")
    session.commit()

    pages = all_pages(client, "/plans/records.json")
    assert [len(page["records"]) for page in pages] == [2, 1]
    for page in pages:
        validate(record_validator, page)
    assert pages[0]["links"]["next"].startswith("http")
    assert "/plans/records.json?after=" in pages[0]["links"]["next"]
    assert "links" not in pages[-1]
    records = [record for page in pages for record in page["records"]]
    assert [len(r["releases"]) for r in records] == [2, 1, 2]
    assert records[2]["compiledRelease"]["tender"]["status"] == "withdrawn"
    assert len({r["ocid"] for r in records}) == 3

    # Exactly a page's worth: one page, no next link.
    monkeypatch.setitem(app.config, "OCDS_RECORDS_PER_PAGE", 3)
    [page] = all_pages(client, "/plans/records.json")
    assert len(page["records"]) == 3
    assert "links" not in page


@pytest.mark.parametrize("after", ["abc", "-1", "9" * 30])
def test_a_bad_record_page_address_is_a_clear_400(client, after):
    assert client.get(f"/plans/records.json?after={after}").status_code == 400


def test_pipeline_fields_are_published_as_find_a_tender_does_and_validate(
    client, make_plan, session, ocds_validator, record_validator
):
    """The UK fields a pipeline notice needs, each from a declared extension:
    tender.communication.futureNoticeDate (communication), value.amountGross
    and suitability.vcse (UK), CPV classifications (core), the buyer's GB-PPON
    identifier (core); validated against OCDS 1.1.5 with the extensions applied."""
    from app.plans.models import ProcurementSettings

    session.add(ProcurementSettings(spend_band="over_500m", ppon="PLLH-1887-BMRL"))
    session.commit()
    make_plan(
        main_category="works",
        cpv_codes=["85312000", "85311100", "00000000"],
        estimated_notice_date=date(2027, 6, 1),
        value_gross=10_500_000,
    )
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    validate(record_validator, client.get("/plans/records.json").json)
    [release] = package["releases"]
    tender = release["tender"]
    assert tender["mainProcurementCategory"] == "works"
    assert tender["communication"]["futureNoticeDate"] == "2027-06-01T00:00:00+01:00"
    assert tender["value"] == {"amount": 8_750_000, "amountGross": 10_500_000, "currency": "GBP"}
    [entry] = tender["items"]
    assert entry["classification"] == {
        "scheme": "CPV",
        "id": "85312000",
        "description": "Social work services without accommodation",
    }
    # A code not in the CPV list is never published.
    assert [c["id"] for c in entry["additionalClassifications"]] == ["85311100"]
    [party] = release["parties"]
    assert party["id"] == release["buyer"]["id"] == "GB-PPON-PLLH-1887-BMRL"
    assert party["identifier"] == {"scheme": "GB-PPON", "id": "PLLH-1887-BMRL"}
    assert any("ocds_communication_extension" in url for url in package["extensions"])


def test_an_amount_gross_that_is_not_a_number_fails_the_uk_extension(ocds_validator):
    """The check can fail: the UK extension types amountGross as a number."""
    package = {
        "uri": "https://example.org/p.json",
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "x"},
        "releases": [
            {
                "ocid": "ocds-x-1",
                "id": "1",
                "date": "2026-01-01T00:00:00Z",
                "tag": ["planning"],
                "initiationType": "tender",
                "tender": {"id": "t", "value": {"amount": 1, "amountGross": "lots"}},
            }
        ],
    }
    assert list(ocds_validator.iter_errors(package))


def test_a_new_ocid_prefix_applies_to_new_items_and_an_old_item_keeps_its_ocid(
    client, make_plan, session
):
    from app.plans.models import ProcurementSettings

    old = make_plan(title="Before the prefix changed")
    session.add(ProcurementSettings(ocid_prefix="ocds-abc123"))
    session.commit()
    update_plan(session, old, {"summary": "Changed later"})
    make_plan(title="After")
    session.commit()
    ocids = [r["ocid"] for r in client.get("/plans.json").json["releases"]]
    assert ocids[0] == ocids[1]
    assert ocids[0].startswith("ocds-elmsw1-plan-")
    assert ocids[2].startswith("ocds-abc123-plan-")
