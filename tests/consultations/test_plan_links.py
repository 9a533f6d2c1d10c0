"""A plan item's page links back to the consultations and events about it,
and a consultation or event cannot be linked to a plan item that does not exist."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.consultations.models import Consultation
from app.events.models import Event
from tests.conftest import post_form
from tests.consultations.test_admin import FORM
from tests.events.conftest import event_data
from tests.events.test_admin import form_data as event_form


@pytest.fixture
def make_event(session, area):
    from app.events.services import save_event

    def build(status: str = "published", **overrides):
        event = save_event(session, None, event_data(service_area_id=area.id, **overrides))
        event.status = status
        session.commit()
        return event

    return build


def test_the_plan_page_lists_its_published_consultations_and_events(
    client,
    session,
    make_plan,
    make_consultation,
    make_event,
):
    plan = make_plan(slug="home-care", title="Home care")
    make_plan(slug="home-care-extra", title="Home care extra")
    linked = make_consultation(title="Home care changes", plan_slugs=["home-care"])
    make_consultation(title="Draft about home care", plan_slugs=["home-care"], published=False)
    # Only a whole slug links: "home-care-extra" is another plan item.
    make_consultation(title="Something else", plan_slugs=["home-care-extra"])
    make_event(title="Meet the home care buyers", plan_item_ids=[plan.id])
    make_event(title="Draft event", plan_item_ids=[plan.id], status="draft")

    page = BeautifulSoup(client.get("/plans/home-care").text, "html.parser")
    consultations = page.find(id="consultations").find_next("ul")
    assert [a.text for a in consultations.select("a")] == ["Home care changes"]
    assert consultations.a["href"] == f"/consultations/{linked.slug}"
    events = page.find(id="events").find_next("ul")
    assert [a.text for a in events.select("a")] == ["Meet the home care buyers"]
    assert events.a["href"].startswith("/events/")

    bare = BeautifulSoup(client.get("/plans/home-care-extra").text, "html.parser")
    assert [a.text for a in bare.find(id="consultations").find_next("ul").select("a")] == [
        "Something else"
    ]
    assert bare.find(id="events") is None


def test_a_consultation_linked_to_a_plan_item_that_does_not_exist_is_refused(
    client, session, sign_in, area, make_plan
):
    plan = make_plan(title="Home care", status="draft")
    assert plan.slug == "home-care"
    sign_in("commissioner")
    refused = post_form(
        client,
        "/admin/consultations/new",
        {**FORM, "service_area_id": str(area.id), "plan_slugs": "home-care, no-such-plan"},
    )
    assert refused.status_code == 400
    assert "There is no plan item at no-such-plan." in refused.text
    assert session.scalar(select(func.count(Consultation.id))) == 0

    # An existing plan item, even one still in draft, can be linked.
    made = post_form(
        client,
        "/admin/consultations/new",
        {**FORM, "service_area_id": str(area.id), "plan_slugs": "/home-care/"},
    )
    assert made.status_code == 302
    consultation = session.scalar(select(Consultation))
    assert consultation.plan_slugs == ["home-care"]

    edit = f"/admin/consultations/{consultation.id}/edit"
    two = post_form(
        client, edit, {**FORM, "service_area_id": str(area.id), "plan_slugs": "gone, lost"}
    )
    assert two.status_code == 400
    assert "There are no plan items at gone, lost." in two.text
    session.refresh(consultation)
    assert consultation.plan_slugs == ["home-care"]


def test_an_event_linked_to_a_plan_item_that_does_not_exist_is_refused(
    client, session, sign_in, area
):
    sign_in("commissioner")
    refused = post_form(client, "/admin/events/new", event_form(area, plan_item_ids=["999999"]))
    assert refused.status_code == 400
    assert session.scalar(select(func.count(Event.id))) == 0


def test_the_plan_page_costs_the_same_queries_however_many_link_to_it(
    client,
    make_plan,
    make_consultation,
    make_event,
    count_queries,
):
    plan = make_plan(title="Home care")
    url = f"/plans/{plan.slug}"
    make_consultation(title="First", plan_slugs=[plan.slug])
    make_event(title="First event", plan_item_ids=[plan.id])
    few = count_queries(lambda: client.get(url)).count
    for number in range(4):
        make_consultation(title=f"More {number}", plan_slugs=[plan.slug])
        make_event(title=f"More event {number}", plan_item_ids=[plan.id])
    assert count_queries(lambda: client.get(url)).count == few
