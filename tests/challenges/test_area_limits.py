"""Staff limited to some service areas manage only those areas' services open
to challenge, and decide only on expressions of interest in them. A service
with no area belongs to the whole council: only staff with no area limit see
and manage it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.challenges.catalogue import create_service
from app.challenges.models import ChallengeDocument, ChallengeService, ChallengeWindow
from app.core.models import ServiceArea
from tests.challenges.conftest import post, service_data, submit
from tests.challenges.test_admin import FORM
from tests.challenges.test_decisions import eoi_for
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def housing(session):
    found = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(found)
    session.commit()
    return found


def _limit(session, user, area):
    user.service_areas = [area]
    session.commit()
    return user


def test_a_limited_commissioner_adds_services_only_in_their_areas(
    client, session, area, housing, sign_in
):
    _limit(session, sign_in("commissioner"), area)
    page = BeautifulSoup(client.get("/admin/challenge-services/new").text, "html.parser")
    offered = [o.text for o in page.select("#service_area_id option") if o.get("value")]
    assert offered == ["Adult social care"]

    refused = post(
        client, "/admin/challenge-services/new", {**FORM, "service_area_id": str(housing.id)}
    )
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    assert session.scalars(select(ChallengeService)).all() == []

    added = post(client, "/admin/challenge-services/new", {**FORM, "service_area_id": str(area.id)})
    assert added.status_code == 302
    assert session.scalar(select(ChallengeService)).service_area_id == area.id


def test_a_limited_commissioner_cannot_move_a_service_out_of_their_areas(
    client, session, area, housing, make_service, sign_in
):
    service = make_service()
    _limit(session, sign_in("commissioner"), area)
    url = f"/admin/challenge-services/{service.id}/edit"
    refused = post(client, url, {**FORM, "service_area_id": str(housing.id)})
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    session.expire_all()
    assert session.get(ChallengeService, service.id).service_area_id == area.id
    assert client.get(f"/admin/challenge-services/{service.id}").status_code == 200


def test_the_service_list_shows_only_the_readers_areas(
    client, session, area, housing, make_service, sign_in
):
    make_service(name="Day centre meals")
    make_service(name="Estate caretaking", service_area_id=housing.id)
    make_service(name="Town hall cleaning", service_area_id=None)
    _limit(session, sign_in("commissioner"), area)
    page = client.get("/admin/challenge-services/").text
    assert "Day centre meals" in page
    assert "Estate caretaking" not in page
    assert "Town hall cleaning" not in page


def test_a_service_with_no_area_is_managed_only_by_staff_without_an_area_limit(
    app, session, area, make_staff
):
    service = create_service(session, service_data(None, name="Town hall cleaning"))
    session.commit()
    url = f"/admin/challenge-services/{service.id}"

    def client_for(email, limited_to=None):
        user = make_staff("commissioner", email=email)
        if limited_to is not None:
            _limit(session, user, limited_to)
        client = app.test_client()
        signed_in = post(client, "/staff/sign-in", {"email": email, "password": TEST_PASSWORD})
        assert signed_in.status_code == 302
        return client

    limited = client_for("limited@elmsworth.gov.example", limited_to=area)
    assert limited.get(url).status_code == 404
    assert limited.get(f"{url}/edit").status_code == 404
    council_wide = client_for("everywhere@elmsworth.gov.example")
    assert council_wide.get(url).status_code == 200
    assert "Town hall cleaning" in council_wide.get("/admin/challenge-services/").text


def test_a_window_is_found_only_under_its_own_service(client, session, make_service, sign_in):
    sign_in("commissioner")
    first = make_service(name="Day centre meals")
    second = make_service(name="Library home delivery", window="future")
    window_id = second.windows[0].id
    response = post(
        client,
        f"/admin/challenge-services/{first.id}/windows/{window_id}/remove",
        {},
        form_url=f"/admin/challenge-services/{first.id}",
    )
    assert response.status_code == 404
    assert session.get(ChallengeWindow, window_id) is not None


def _document(session, reference: str, filename: str) -> ChallengeDocument:
    document = ChallengeDocument(
        eoi=eoi_for(session, reference),
        filename=filename,
        kind="pdf",
        size=5,
        sha256="0" * 64,
        content=b"%PDF-",
    )
    session.add(document)
    session.commit()
    return document


def test_an_eoi_document_is_found_only_under_its_own_expression_of_interest(
    app, client, session, make_service, sign_in
):
    own = submit(app.test_client(), make_service(name="Day centre meals"))
    other = submit(app.test_client(), make_service(name="Library home delivery"))
    document = _document(session, other, "accounts.pdf")
    sign_in("viewer")
    assert client.get(f"/inbox/{own}/challenge/documents/{document.id}").status_code == 404
    assert client.get(f"/inbox/{other}/challenge/documents/{document.id}").status_code == 200


def test_a_limited_commissioner_cannot_decide_on_another_areas_expression_of_interest(
    app, client, session, area, housing, make_service, sign_in
):
    outside = submit(
        app.test_client(), make_service(name="Estate caretaking", service_area_id=housing.id)
    )
    document = _document(session, outside, "accounts.pdf")
    _limit(session, sign_in("commissioner"), area)
    assert client.get(f"/inbox/{outside}/challenge/reject").status_code == 404
    assert client.get(f"/inbox/{outside}/challenge/documents/{document.id}").status_code == 404
    response = post(
        client,
        f"/inbox/{outside}/challenge/withdraw",
        {"note": "They wrote to withdraw."},
        form_url="/inbox/",
    )
    assert response.status_code == 404
    assert eoi_for(session, outside).status != "withdrawn"
