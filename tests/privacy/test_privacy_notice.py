"""The privacy notice tells people what the portal really does: its periods
come from the live retention policy, and every form that asks for personal
information links to the part of the notice that explains it."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from app.core.db import db
from app.core.retention_policy import KINDS, Period, set_periods
from app.pages.privacy import SECTION_IDS

APP = Path(__file__).resolve().parents[2] / "app"
LINK = re.compile(r"privacy_link\('([^']+)'\)|url_for\('pages\.privacy', _anchor='([^']+)'\)")
# Each form that asks for personal information, and the part of the notice it links to.
FORMS = {
    "consultations/templates/consultations/respond/start.html": "consultation-responses",
    "consultations/templates/consultations/respond/equality.html": "equality-monitoring",
    "challenges/templates/challenges/apply/start.html": "right-to-challenge",
    "challenges/templates/challenges/apply/step.html": "right-to-challenge",
    "suppliers/templates/suppliers/register.html": "supplier-register",
    "events/templates/events/register_and_book.html": "event-bookings",
    "events/templates/events/book.html": "event-bookings",
    "surveys/templates/surveys/start.html": "third-sector-survey",
    "surveys/templates/surveys/identify.html": "third-sector-survey",
}


def _page(client, url="/privacy") -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def _how_long(page: BeautifulSoup, kind: str) -> str:
    return page.find(attrs={"data-kind": kind}).get_text(" ", strip=True)


def _ids(page: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in page.find_all(id=True)}


def test_every_kind_of_submission_has_its_section_with_every_part(client):
    page = _page(client)
    for section in [
        "who-we-are",
        "consultation-responses",
        "young-peoples-responses",
        "equality-monitoring",
        "right-to-challenge",
        "supplier-register",
        "event-bookings",
        "third-sector-survey",
        "staff-accounts",
        "how-long-we-keep-it",
        "your-rights",
        "freedom-of-information",
        "complain",
    ]:
        heading = page.find(id=section)
        assert heading is not None, section
        assert heading.name == "h2", section
        assert page.select_one(f'nav a[href="#{section}"]'), f"{section} is not in the contents"
    equality = page.find(id="equality-monitoring").find_next("dl").get_text(" ", strip=True)
    assert "Article 9(2)(g)" in equality
    assert "Schedule 1, paragraph 8" in equality
    assert "Article 6(1)(e)" in page.find(id="right-to-challenge").find_next("dl").text
    assert "0303 123 1113" in page.text
    assert page.select_one('a[href="https://ico.org.uk/make-a-complaint/"]')
    assert page.select_one('a[href="/privacy/young-people"]')


def test_the_controller_and_data_protection_officer_come_from_settings(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_CONTROLLER_NAME", "Elmsworth and Hollinsby Councils")
    monkeypatch.setitem(app.config, "DPO_EMAIL", "privacy@hollinsby.gov.example")
    page = _page(client)
    who = page.find(id="who-we-are").find_next("p").text
    assert "Elmsworth and Hollinsby Councils is the data controller" in who
    assert page.select_one(
        '#data-protection-officer a[href="mailto:privacy@hollinsby.gov.example"]'
    )
    monkeypatch.setitem(app.config, "DATA_CONTROLLER_NAME", "")
    assert "Elmsworth Borough Council is the data controller" in _page(client).text


def test_the_notice_shows_every_kinds_default_period(client):
    page = _page(client)
    rows = page.select("#retention-table tbody tr")
    assert len(rows) == len(KINDS)
    assert "2 years after the consultation closes, then anonymised" in _how_long(
        page, "consultation_responses"
    )
    assert "30 days after the event, then deleted" in _how_long(page, "event_access_needs")
    assert "6 years after the decision" in _how_long(page, "right_to_challenge")


def test_a_changed_period_shows_in_the_notice_at_once_even_from_the_page_cache(
    app, client, session
):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        assert "2 years" in _how_long(_page(client), "consultation_responses")
        young = _page(client, "/privacy/young-people")
        assert "2 years" in _how_long(young, "young_peoples_responses")
        # Served from the cache now: the same again.
        assert "2 years" in _how_long(_page(client), "consultation_responses")
        set_periods(
            session,
            {
                "consultation_responses": Period(18, "months"),
                "young_peoples_responses": Period(1, "years"),
            },
            reason="Matches the council's records schedule",
        )
        db.session.commit()
        page = _page(client)
        assert "18 months after the consultation closes" in _how_long(
            page, "consultation_responses"
        )
        assert "18 months" in page.select_one("#retention-table").text
        young = _page(client, "/privacy/young-people")
        assert "for 1 year after" in _how_long(young, "young_peoples_responses")
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False


def test_every_form_links_to_a_section_that_exists(client):
    ids = _ids(_page(client))
    assert ids >= SECTION_IDS
    for template, section in FORMS.items():
        text = (APP / template).read_text()
        linked = {a or b for a, b in LINK.findall(text)}
        assert section in linked, f"{template} does not link to #{section}"
    for template in APP.glob("*/templates/**/*.html"):
        for a, b in LINK.findall(template.read_text()):
            assert (a or b) in ids, f"{template} links to #{a or b}, which is not on /privacy"


def test_the_supplier_register_links_to_its_own_section(client):
    page = BeautifulSoup(client.get("/suppliers/register").text, "html.parser")
    assert page.select_one('form a[href="/privacy#supplier-register"]')


def test_the_young_peoples_notice_is_in_plain_words_and_linked_from_their_form(client):
    page = _page(client, "/privacy/young-people")
    text = page.get_text(" ", strip=True)
    for words in ["What we keep", "Who sees it", "How long we keep it", "If you are worried"]:
        assert words in text
    assert "Childline" in text
    assert "dpo@elmsworth.gov.example" in text
    young_form = (APP / "consultations/templates/consultations/young/start.html").read_text()
    assert "url_for('pages.privacy_young_people')" in young_form


def test_the_notice_is_in_welsh(client):
    client.get("/language/cy?next=/privacy")
    page = _page(client)
    assert page.html["lang"] == "cy"
    assert "Hysbysiad preifatrwydd" in page.find("h1").text
    assert "2 flynedd ar ôl i’r ymgynghoriad gau" in _how_long(page, "consultation_responses")
