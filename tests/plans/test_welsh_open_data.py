"""The open data carries the Welsh where staff wrote it."""

import csv
import io

from lxml import etree

from app.plans.services import update_plan
from tests.plans.test_exports import ocds_validator, validate  # noqa: F401  (fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WELSH = {
    "title_cy": "Gofal cartref yn ardal y gogledd",
    "summary_cy": "Gofal a chymorth gartref i oedolion yng ngogledd y fwrdeistref.",
    "description_html_cy": (
        "<p>Byddwn yn prynu <strong>gofal cartref</strong>.</p><p>Ail baragraff.</p>"
    ),
}


def releases_by_title(client) -> dict:
    return {r["tender"]["title"]: r for r in client.get("/plans.json").json["releases"]}


def test_ocds_carries_welsh_variants_only_where_written_and_validates(
    client,
    make_plan,
    ocds_validator,  # noqa: F811
):
    make_plan(title="Home care", cpv_division="85", **WELSH)
    make_plan(title="Day centres", cpv_division="85")
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    by_title = releases_by_title(client)
    welsh = by_title["Home care"]
    assert welsh["language"] == "en"
    assert welsh["tender"]["title_cy"] == WELSH["title_cy"]
    assert welsh["tender"]["description_cy"] == "Byddwn yn prynu gofal cartref.\n\nAil baragraff."
    assert welsh["planning"]["rationale_cy"] == WELSH["summary_cy"]
    assert welsh["tender"]["items"][0]["description_cy"] == WELSH["title_cy"]
    assert welsh["tender"]["documents"][0]["title_cy"] == WELSH["title_cy"]
    english_only = by_title["Day centres"]
    assert "title_cy" not in english_only["tender"]
    assert "description_cy" not in english_only["tender"]
    assert "rationale_cy" not in english_only["planning"]


def test_a_welsh_only_edit_is_a_new_release(client, session, make_plan, ocds_validator):  # noqa: F811
    item = make_plan(title="Home care")
    before = client.get("/plans.json").json["releases"]
    assert update_plan(session, item, {"title_cy": WELSH["title_cy"]}) == ["title_cy"]
    session.commit()
    after = client.get("/plans.json").json
    validate(ocds_validator, after)
    assert len(after["releases"]) == len(before) + 1
    latest = after["releases"][-1]
    assert latest["tag"] == ["planningUpdate"]
    assert latest["tender"]["title_cy"] == WELSH["title_cy"]
    assert "title_cy" not in before[-1]["tender"]
    # The compiled record has the Welsh too.
    [record] = client.get("/plans/records.json").json["records"]
    assert record["compiledRelease"]["tender"]["title_cy"] == WELSH["title_cy"]


def test_csv_has_welsh_columns_empty_where_not_written(client, make_plan):
    make_plan(title="Home care", **WELSH)
    make_plan(title="Day centres")
    text = client.get("/plans.csv").data.decode("utf-8").lstrip("\ufeff")
    rows = {row["Title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Home care"]["Title (Welsh)"] == WELSH["title_cy"]
    assert rows["Home care"]["Summary (Welsh)"] == WELSH["summary_cy"]
    assert rows["Day centres"]["Title (Welsh)"] == ""


def feed(client, query=""):
    response = client.get(f"/plans/feed.atom{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return etree.fromstring(response.data)


def test_english_feed_marks_every_entry_english_and_links_the_welsh_feed(client, make_plan):
    make_plan(title="Home care", **WELSH)
    root = feed(client)
    assert root.get(XML_LANG) == "en-GB"
    entries = root.findall(f"{ATOM}entry")
    assert [e.get(XML_LANG) for e in entries] == ["en"]
    assert entries[0].findtext(f"{ATOM}title") == "Home care"
    alternates = [link for link in root.findall(f"{ATOM}link") if link.get("hreflang") == "cy"]
    assert alternates[0].get("href").endswith("/plans/feed.atom?lang=cy")


def test_welsh_feed_gives_welsh_entries_where_written_and_english_marked_elsewhere(
    client, make_plan
):
    make_plan(title="Home care", **WELSH)
    make_plan(title="Day centres")
    make_plan(title="Respite care", title_cy="Gofal seibiant")  # summary not in Welsh yet
    root = feed(client, "?lang=cy")
    assert root.get(XML_LANG) == "cy"
    assert "Blaengynllun comisiynu" in root.findtext(f"{ATOM}title")
    entries = {
        e.findtext(f"{ATOM}title"): (e.get(XML_LANG), e.findtext(f"{ATOM}summary"))
        for e in root.findall(f"{ATOM}entry")
    }
    assert entries[WELSH["title_cy"]] == ("cy", WELSH["summary_cy"])
    assert entries["Day centres"][0] == "en"
    # Partly translated: the whole entry stays English, so its xml:lang is true.
    assert entries["Respite care"][0] == "en"
    # Anything else asked for is the English feed.
    assert feed(client, "?lang=fr").get(XML_LANG) == "en-GB"
