import csv
import io
import xml.etree.ElementTree as ET

import pytest

from app.plans.ocds import EXTENSIONS
from app.plans.services import update_plan
from tests.plans.ocds_schemas import SCHEMA_URL, package_validator, schema_dir

__all__ = ["SCHEMA_URL"]

ATOM = "{http://www.w3.org/2005/Atom}"
_schema_dir = schema_dir


@pytest.fixture(scope="module")
def ocds_validator():
    """Release packages, with every extension the portal declares applied."""
    return package_validator("release-package-schema.json", EXTENSIONS)


def validate(validator, package):
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_csv_has_one_row_per_published_item_and_defuses_formulas(client, make_plan):
    make_plan(title='=HYPERLINK("http://evil.example","click")', summary="+44 call us")
    make_plan(title="Ordinary, with a comma", summary="Plain")
    make_plan(status="draft", title="Hidden draft")
    response = client.get("/plans.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    by_summary = {row["Summary"]: row for row in rows}
    assert by_summary["'+44 call us"]["Title"].startswith("'=HYPERLINK")
    assert by_summary["Plain"]["Title"] == "Ordinary, with a comma"
    assert by_summary["Plain"]["Estimated total value (GBP)"] == "8750000"
    assert by_summary["Plain"]["Contract start"] == "2028-01-01"
    assert by_summary["Plain"]["Web page"].endswith("/plans/ordinary-with-a-comma")


def test_atom_feed_is_valid_and_lists_newest_changes_first(client, make_plan, session):
    first = make_plan(title="First item")
    make_plan(title="Second item")
    update_plan(session, first, {"summary": "Changed most recently"})
    session.commit()
    response = client.get("/plans/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["First item", "Second item"]
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


def test_a_control_character_in_a_plan_does_not_take_the_feed_down(client, make_plan, session):
    """Word's manual line break (a vertical tab) and other control
    characters are not allowed in XML; a title stored with one (demo data,
    older rows) must not stop the feed for every reader."""
    make_plan(
        title="Home care\x0bnorth locality",
        summary="Care at home\x1b for adults\x0c",
        contact_name="Sam\x02 Patel",
    )
    make_plan(title="Day opportunities")

    response = client.get("/plans/feed.atom")

    assert response.status_code == 200
    entries = ET.fromstring(response.data).findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert sorted(titles) == ["Day opportunities", "Home care\nnorth locality"]
    home_care = entries[titles.index("Home care\nnorth locality")]
    assert home_care.findtext(f"{ATOM}summary") == "Care at home for adults\n"


def test_ocds_package_validates_against_the_official_schema(client, make_plan, ocds_validator):
    make_plan(title="Home care", cycle_stage="plan", cpv_division="85")
    make_plan(
        title="Fleet replacement",
        cycle_stage="do",
        procurement_route="framework",
        estimated_annual_value=None,
        estimated_total_value=None,
        lots=[],
        contract_length_months=None,
        extension_months=None,
        market_engagement_date=None,
    )
    response = client.get("/plans.json")
    assert response.status_code == 200
    package = response.json
    validate(ocds_validator, package)
    assert package["version"] == "1.1"
    releases = {r["tender"]["title"]: r for r in package["releases"]}
    home = releases["Home care"]
    assert home["tag"] == ["planning"]
    assert home["tender"]["status"] == "planning"
    assert releases["Fleet replacement"]["tender"]["status"] == "planned"
    assert home["planning"]["budget"]["amount"] == {"amount": 8750000, "currency": "GBP"}
    assert home["buyer"]["name"] == "Elmsworth Borough Council"
    assert home["parties"][0]["roles"] == ["buyer"]
    assert home["tender"]["contractPeriod"]["startDate"].startswith("2028-01-01")
    assert home["tender"]["contractPeriod"]["endDate"].startswith("2032-12-31")
    assert home["tender"]["contractPeriod"]["maxExtentDate"].startswith("2034-12-31")
    assert home["tender"]["tenderPeriod"]["startDate"].startswith("2027-06-01")
    assert home["planning"]["milestones"][0]["type"] == "engagement"
    # The kind of work, as a CPV classification; none when staff gave none.
    [bought] = home["tender"]["items"]
    assert bought["classification"] == {
        "scheme": "CPV",
        "id": "85000000",
        "description": "Health and social care services",
    }
    assert "items" not in releases["Fleet replacement"]["tender"]


def test_a_change_is_a_new_release_of_the_same_process(client, make_plan, session, ocds_validator):
    item = make_plan()
    before = client.get("/plans.json").json["releases"][-1]
    update_plan(session, item, {"estimated_total_value": 9_000_000})
    session.commit()
    after = client.get("/plans.json").json
    validate(ocds_validator, after)
    # The first release is still published; the change is the newest, after it.
    assert after["releases"][0] == before
    release = after["releases"][-1]
    assert release["ocid"] == before["ocid"]
    assert release["ocid"].startswith("ocds-elmsw1-")
    assert release["id"] != before["id"]
    assert release["date"] >= before["date"]
    assert release["tag"] == ["planningUpdate"]
    assert release["planning"]["budget"]["amount"]["amount"] == 9_000_000


def test_drafts_are_not_released(client, make_plan):
    make_plan()
    make_plan(status="draft", title="Not yet")
    titles = [r["tender"]["title"] for r in client.get("/plans.json").json["releases"]]
    assert "Not yet" not in titles
    assert len(titles) == 1
