"""Staff limited to service areas see nothing outside them: not in lists,
searches, counts, direct links or bulk actions."""

import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from app.core.models import ServiceArea
from app.inbox.models import InboxItem
from app.inbox.services import file_submission
from tests.conftest import post_form


@pytest.fixture
def two_areas(session, area):
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    inside = file_submission(
        session, kind="challenge", subject="Inside: care", service_area=area, body_text="secret"
    )
    outside = file_submission(
        session,
        kind="challenge",
        subject="Outside: housing",
        service_area=housing,
        body_text="secret",
        urgent=True,
    )
    no_area = file_submission(
        session, kind="survey_response", subject="No area", body_text="secret"
    )
    session.commit()
    return inside, outside, no_area


def _limit(session, user, area):
    user.service_areas = [area]
    session.commit()


def test_a_limited_commissioner_sees_only_their_areas(client, session, area, sign_in, two_areas):
    inside, outside, no_area = two_areas
    user = sign_in("commissioner")
    _limit(session, user, area)

    for url in ("/inbox/", "/inbox/?q=secret", "/inbox/?flag=urgent", "/inbox/?area=housing"):
        text = client.get(url).text
        assert outside.reference not in text, url
        assert no_area.reference not in text, url
    assert inside.reference in client.get("/inbox/?q=secret").text
    figures = [
        f.get_text()
        for f in BeautifulSoup(client.get("/inbox/").text, "html.parser").select(
            ".app-dashboard__figure"
        )
    ]
    assert figures[2] == "0"  # the urgent item is outside their area
    assert client.get(f"/inbox/{outside.reference}").status_code == 404
    assert client.get(f"/inbox/{no_area.reference}").status_code == 404
    assert client.get(f"/inbox/{inside.reference}").status_code == 200

    response = post_form(
        client, f"/inbox/{outside.reference}/status", {"status": "closed"}, form_url="/inbox/"
    )
    assert response.status_code == 404
    post_form(
        client,
        "/inbox/bulk",
        {"items": [inside.reference, outside.reference], "action": "status", "status": "waiting"},
        form_url="/inbox/",
    )
    session.expire_all()
    assert session.get(InboxItem, inside.id).status == "waiting"
    assert session.get(InboxItem, outside.id).status == "new"


def test_staff_without_areas_see_everything(client, sign_in, two_areas):
    sign_in("viewer")
    text = client.get("/inbox/").text
    for item in two_areas:
        assert item.reference in text


def test_exports_leave_out_other_areas(client, session, area, sign_in, two_areas):
    inside, outside, no_area = two_areas
    user = sign_in("viewer")
    _limit(session, user, area)
    csv_text = client.get("/inbox/export.csv").get_data(as_text=True)
    assert inside.reference in csv_text
    assert outside.reference not in csv_text
    assert no_area.reference not in csv_text


@pytest.mark.parametrize(
    "action",
    [
        {"action": "status", "status": "waiting"},
        {"action": "assign", "assignee": "me"},
        {"action": "tag", "tags": "leaked"},
    ],
    ids=lambda action: action["action"],
)
def test_a_bulk_change_naming_only_outside_items_changes_nothing(
    client, session, area, sign_in, two_areas, action
):
    _inside, outside, no_area = two_areas
    user = sign_in("commissioner")
    _limit(session, user, area)
    data = {**action, "items": [outside.reference, no_area.reference]}
    if data.get("assignee") == "me":
        data["assignee"] = str(user.id)
    response = post_form(client, "/inbox/bulk", data, form_url="/inbox/")
    assert response.status_code == 302
    assert "0 items changed." in client.get(response.headers["Location"]).text
    session.expire_all()
    for item in (outside, no_area):
        found = session.get(InboxItem, item.id)
        assert found.status == "new"
        assert found.assignee_id is None
        assert found.tags == []


def test_the_xlsx_export_leaves_out_other_areas(client, session, area, sign_in, two_areas):
    inside, _outside, _no_area = two_areas
    _limit(session, sign_in("viewer"), area)
    workbook = load_workbook(io.BytesIO(client.get("/inbox/export.xlsx").data), read_only=True)
    references = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert references == [inside.reference]


def test_the_area_filter_offers_only_the_readers_areas(client, session, area, sign_in, two_areas):
    _limit(session, sign_in("viewer"), area)
    page = BeautifulSoup(client.get("/inbox/").text, "html.parser")
    offered = [option.text for option in page.select("#area option") if option.get("value")]
    assert offered == ["Adult social care"]
