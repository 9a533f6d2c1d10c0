"""The translator's page: every item with Welsh missing or out of date."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from app.core.bilingual import Bilingual, bilingual_models
from app.core.db import db
from app.core.models import ServiceArea
from tests.challenges.conftest import service_data
from tests.events.conftest import event_data


@pytest.fixture
def make_event(session, area):
    from app.events.services import save_event

    def build(**overrides):
        event = save_event(session, None, event_data(service_area_id=area.id, **overrides))
        session.commit()
        return event

    return build


@pytest.fixture
def make_service(session, area):
    from app.challenges.services import create_service

    def build(**overrides):
        service = create_service(session, service_data(area.id, **overrides))
        session.commit()
        return service

    return build


WELSH_PLAN = {
    "title_cy": "Gofal cartref yn ardal y gogledd",
    "summary_cy": "Gofal a chymorth gartref i oedolion yng ngogledd y fwrdeistref.",
    "description_html_cy": "<p>Byddwn yn prynu gofal cartref.</p>",
}


def page(client, query="", headers=None):
    response = client.get(f"/admin/translations/{query}", headers=headers or {})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def labels(html, kind: str) -> list[str]:
    table = html.find(id=f"translations-{kind}")
    if table is None:
        return []
    return [row.find("td").get_text(strip=True) for row in table.select("tbody tr")]


def test_every_bilingual_model_is_found_without_being_named(app):
    with app.app_context():
        names = {model.__name__ for model in bilingual_models(db.Model.registry)}
    assert {"PlanItem", "Event", "ChallengeService", "ExpressionOfInterest"} <= names

    class Leaflet(Bilingual):
        __bilingual__ = ("title",)

    class Plain:
        pass

    registry = SimpleNamespace(
        mappers=[SimpleNamespace(class_=Leaflet), SimpleNamespace(class_=Plain)]
    )
    assert bilingual_models(registry) == [Leaflet]


def test_lists_missing_and_out_of_date_welsh_with_links_to_write_it(
    client,
    session,
    sign_in,
    make_plan,
    make_event,
    make_service,
):
    missing = make_plan(title="Day centres")
    make_plan(title="Respite care", **WELSH_PLAN)  # done: not listed
    stale = make_plan(title="Home care", **WELSH_PLAN)
    stale.summary = "Care at home, changed after the Welsh was written."
    session.commit()
    event = make_event(title="Meet the buyer: day care")
    make_service(name="Hollinsby library")  # its Welsh is written: not listed
    sign_in("commissioner")

    html = page(client)
    assert labels(html, "plan_item") == ["Day centres", "Home care"]
    assert labels(html, "event") == ["Meet the buyer: day care"]
    assert labels(html, "challenge_service") == []
    links = {a["href"] for a in html.select("td a")}
    assert f"/admin/plans/{missing.id}/edit" in links
    assert f"/admin/events/{event.id}/edit" in links
    tags = html.find(id="translations-plan_item").get_text(" ", strip=True)
    assert "Welsh missing" in tags
    assert "Welsh out of date" in tags

    only_stale = page(client, "?state=out_of_date")
    assert labels(only_stale, "plan_item") == ["Home care"]
    assert labels(only_stale, "event") == []
    only_missing = page(client, "?state=missing&kind=plan_item")
    assert labels(only_missing, "plan_item") == ["Day centres"]
    assert labels(only_missing, "event") == []
    # Nonsense filters are ignored, never an error.
    assert labels(page(client, "?state=nope&kind=%3Cx%3E"), "plan_item") == [
        "Day centres",
        "Home care",
    ]


def test_a_translation_once_written_leaves_the_list(client, session, sign_in, make_plan):
    item = make_plan(title="Day centres", lots=[])
    sign_in("commissioner")
    assert labels(page(client), "plan_item") == ["Day centres"]
    for name, value in WELSH_PLAN.items():
        setattr(item, name, value)
    session.commit()
    html = page(client)
    assert labels(html, "plan_item") == []
    assert html.find(id="translations-none") is not None


def test_staff_see_only_their_own_areas(client, session, make_staff, make_plan, area):
    from tests.conftest import sign_in_with_password

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    make_plan(title="Our day centres")
    make_plan(title="Housing support", service_area_id=housing.id)
    limited = make_staff("commissioner", email="limited@elmsworth.gov.example")
    limited.service_areas = [area]
    session.commit()
    sign_in_with_password(client, limited.email)
    assert labels(page(client), "plan_item") == ["Our day centres"]


def test_a_viewer_reads_the_list_but_gets_no_edit_links(client, sign_in, make_plan):
    make_plan(title="Day centres")
    sign_in("viewer")
    html = page(client)
    assert labels(html, "plan_item") == ["Day centres"]
    assert not html.select("td a")


def test_one_query_per_kind_whatever_the_number_of_items(
    client, session, sign_in, make_plan, count_queries
):
    sign_in("commissioner")
    make_plan(title="First")
    few = count_queries(lambda: page(client)).count
    for number in range(6):
        make_plan(title=f"Item {number}")
    many = count_queries(lambda: page(client)).count
    assert many == few


def test_the_page_in_welsh(client, sign_in, make_plan):
    make_plan(title="Day centres")
    sign_in("commissioner")
    html = page(client, headers={"Accept-Language": "cy"})
    assert html.find("html").get("lang") == "cy"
    cell = html.find(id="translations-plan_item").find("td")
    assert cell.find(attrs={"lang": "en"}).get_text() == "Day centres"


def test_a_lot_missing_its_welsh_title_is_listed_under_its_plan_item(
    client, session, sign_in, make_plan
):
    """Lots are staff-written words too (app.core.bilingual): the translator's
    page lists each lot without Welsh, labelled with its plan item, and links
    to the page where its Welsh is written."""
    item = make_plan(title="Day centres", lots=[{"title": "North", "title_cy": "Gogledd"}, "South"])
    sign_in("commissioner")
    html = page(client)
    assert labels(html, "plan_lot") == ["Day centres: South"]
    link = html.find(id="translations-plan_lot").find("a")["href"]
    assert link == f"/admin/plans/{item.id}/lots/{item.lots[1].id}"
