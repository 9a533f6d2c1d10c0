"""Staff limited to some service areas work on consultations only in those:
they add them there, cannot move one out, list and download only theirs, and
read, but do not change, the safeguarding list that covers every area."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.consultations.documents import add_document
from app.consultations.models import Consultation, ConsultationDocument, SafeguardingPhrase
from app.consultations.services import add_question, create_consultation
from app.core.models import ServiceArea
from tests.conftest import post_form
from tests.consultations.conftest import consultation_data, question_data
from tests.consultations.test_admin import FORM
from tests.consultations.test_documents import PDF


@pytest.fixture
def housing(session):
    found = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(found)
    session.commit()
    return found


@pytest.fixture
def limited(session, sign_in, area):
    """A commissioner who works only in adult social care."""
    user = sign_in("commissioner")
    user.service_areas = [area]
    session.commit()
    return user


def _consultation_in(session, area, title):
    consultation = create_consultation(session, consultation_data(area.id, title=title))
    add_question(session, consultation, question_data(kind="free_text", text="Anything else?"))
    session.commit()
    return consultation


def test_a_limited_commissioner_adds_consultations_only_in_their_areas(
    client, session, area, housing, limited
):
    page = BeautifulSoup(client.get("/admin/consultations/new").text, "html.parser")
    offered = [o.text for o in page.select("#service_area_id option") if o.get("value")]
    assert offered == ["Adult social care"]

    refused = post_form(
        client, "/admin/consultations/new", {**FORM, "service_area_id": str(housing.id)}
    )
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    assert session.scalars(select(Consultation)).all() == []

    added = post_form(client, "/admin/consultations/new", {**FORM, "service_area_id": str(area.id)})
    assert added.status_code == 302
    assert session.scalar(select(Consultation)).service_area_id == area.id


def test_a_limited_commissioner_cannot_move_their_draft_out_of_their_areas(
    client, session, area, housing, limited
):
    draft = _consultation_in(session, area, "Day centre transport")
    url = f"/admin/consultations/{draft.id}/edit"
    refused = post_form(client, url, {**FORM, "service_area_id": str(housing.id)})
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    session.expire_all()
    assert session.get(Consultation, draft.id).service_area_id == area.id
    # They can still find and finish their own draft.
    assert client.get(f"/admin/consultations/{draft.id}").status_code == 200


def test_the_refusal_is_in_welsh_for_a_welsh_reader(client, session, area, housing, limited):
    client.get("/language/cy?next=/admin/consultations/new")
    refused = post_form(
        client, "/admin/consultations/new", {**FORM, "service_area_id": str(housing.id)}
    )
    assert refused.status_code == 400
    assert "Dewiswch un o’r opsiynau" in refused.text


def test_the_consultation_list_shows_and_counts_only_the_readers_areas(
    client, session, area, housing, limited
):
    _consultation_in(session, area, "Day centre transport")
    _consultation_in(session, housing, "Temporary accommodation standards")
    page = client.get("/admin/consultations/").text
    assert "Day centre transport" in page
    assert "Temporary accommodation standards" not in page
    caption = BeautifulSoup(page, "html.parser").select_one("caption").text
    assert caption.strip() == "1 consultation"


def test_downloads_and_parts_of_another_areas_consultation_are_not_found(
    client, session, area, housing, limited
):
    own = _consultation_in(session, area, "Day centre transport")
    neighbour = _consultation_in(session, area, "Day centre opening hours")
    outside = _consultation_in(session, housing, "Temporary accommodation standards")
    for url in (
        f"/admin/consultations/{outside.id}/analysis",
        f"/admin/consultations/{outside.id}/responses.csv",
        f"/admin/consultations/{outside.id}/responses.xlsx",
        f"/admin/consultations/{outside.id}/equality.csv",
        # A question is found only under its own consultation, even in the same area.
        f"/admin/consultations/{own.id}/questions/{neighbour.questions[0].id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/admin/consultations/{own.id}/responses.csv").status_code == 200


def test_a_document_is_removed_only_under_its_own_consultation(client, session, area, limited):
    own = _consultation_in(session, area, "Day centre transport")
    neighbour = _consultation_in(session, area, "Day centre opening hours")
    document = add_document(session, neighbour, "Proposal", "proposal.pdf", PDF)
    session.commit()
    response = post_form(
        client,
        f"/admin/consultations/{own.id}/documents/{document.id}/remove",
        {},
        form_url=f"/admin/consultations/{own.id}/documents",
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(ConsultationDocument, document.id) is not None


def _safeguarding_page(client) -> BeautifulSoup:
    response = client.get("/admin/consultations/safeguarding")
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_staff_limited_to_some_areas_read_but_do_not_change_the_safeguarding_list(
    client, session, limited
):
    phrase = SafeguardingPhrase(phrase="hurts me")
    session.add(phrase)
    session.commit()

    page = _safeguarding_page(client)
    assert "hurts me" in page.select_one("table").text
    assert page.select("input[name=phrase]") == []
    assert page.select("form[action*='/remove']") == []
    assert "only administrators and staff who work across all service areas" in page.text

    added = post_form(
        client,
        "/admin/consultations/safeguarding",
        {"phrase": "scared"},
        form_url="/admin/consultations/",
    )
    assert added.status_code == 403
    removed = post_form(
        client,
        f"/admin/consultations/safeguarding/{phrase.id}/remove",
        {},
        form_url="/admin/consultations/",
    )
    assert removed.status_code == 403
    session.expire_all()
    assert session.scalars(select(SafeguardingPhrase.phrase)).all() == ["hurts me"]


def test_staff_without_an_area_limit_are_offered_the_safeguarding_list_changes(client, sign_in):
    sign_in("commissioner")
    page = _safeguarding_page(client)
    assert page.select("input[name=phrase]")
    assert "only administrators" not in page.text
