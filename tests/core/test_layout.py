"""The layout every page shares: the council's own identity, never GOV.UK's."""

import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize("url", ["/", "/plans/", "/privacy", "/accessibility", "/cookies"])
def test_every_page_has_the_council_layout(client, url):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    council = page.select_one(".app-header__council")
    assert council is not None
    assert council.get_text() == "Elmsworth Borough Council"
    skip = page.select_one("a.govuk-skip-link")
    assert skip["href"] == "#main-content"
    assert page.select_one("main#main-content") is not None
    assert page.select_one(".govuk-phase-banner") is not None
    footer_links = {a["href"] for a in page.select("footer a")}
    assert {"/privacy", "/accessibility", "/cookies"} <= footer_links
    assert "GOV.UK" not in response.text
    assert "crown" not in response.text.lower()
    assert len(page.select("h1")) == 1
    assert page.title.get_text().strip().endswith("Elmsworth Borough Council")


def test_the_welsh_layout_uses_the_welsh_council_name(client):
    page = BeautifulSoup(client.get("/", headers={"Accept-Language": "cy"}).text, "html.parser")
    assert page.select_one(".app-header__council").get_text() == "Cyngor Bwrdeistref Elmsworth"
    assert page.select_one("a.govuk-skip-link").get_text(strip=True) != "Skip to main content"


def test_every_page_leads_residents_and_suppliers_to_each_public_service(client):
    from bs4 import BeautifulSoup

    footer = BeautifulSoup(client.get("/privacy").text, "html.parser").select_one("footer")
    links = {link["href"] for link in footer.select("a")}
    for path in ("/plans/", "/consultations/", "/events/", "/suppliers/register"):
        assert path in links, path
    assert "/right-to-challenge/" in links
