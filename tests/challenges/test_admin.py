"""Staff manage the services open to challenge under /admin/challenge-services,
and the public page shows what they set."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.challenges.models import ChallengeService
from app.challenges.windows import council_today
from app.core.audit.models import AuditEvent
from tests.challenges.conftest import post

FORM = {
    "name": "Parks grounds maintenance (east)",
    "name_cy": "Cynnal a chadw parciau (dwyrain)",
    "description": "Grass cutting and litter picking in eleven parks.",
    "description_cy": "",
    "exclusion_code": "none",
    "decision_period_days": "60",
    "procurement_min_months": "4",
    "procurement_max_months": "9",
}


def test_a_commissioner_adds_a_service_with_a_window_and_the_public_page_shows_it(
    client, session, area, sign_in
):
    sign_in("commissioner")
    response = post(
        client, "/admin/challenge-services/new", {**FORM, "service_area_id": str(area.id)}
    )
    assert response.status_code == 302, response.text
    service = session.scalar(select(ChallengeService))
    assert service.slug == "parks-grounds-maintenance-east"
    assert service.decision_period_days == 60

    opens = council_today() + timedelta(days=10)
    closes = opens + timedelta(days=30)
    response = post(
        client,
        f"/admin/challenge-services/{service.id}/windows",
        {
            "opens_on": [str(opens.day), str(opens.month), str(opens.year)],
            "closes_on": [str(closes.day), str(closes.month), str(closes.year)],
        },
        form_url=f"/admin/challenge-services/{service.id}",
    )
    assert response.status_code == 302, response.text
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "challenge_service.update"))

    public = client.get("/right-to-challenge/")
    assert "Parks grounds maintenance (east)" in public.text
    assert "Opens on" in public.text
    assert "60 days" in public.text
    assert "4 months to 9 months after acceptance" in public.text


def test_a_service_form_with_mistakes_is_refused_and_kept(client, area, sign_in):
    sign_in("commissioner")
    response = post(
        client,
        "/admin/challenge-services/new",
        {
            **FORM,
            "service_area_id": str(area.id),
            "exclusion_code": "complex_needs",
            "procurement_min_months": "9",
            "procurement_max_months": "4",
            "decision_period_days": "many",
        },
    )
    assert response.status_code == 400
    assert "Enter why the service is excluded" in response.text
    assert "The longest time must be at least the shortest time" in response.text
    assert "must be a whole number" in response.text
    assert "Parks grounds maintenance (east)" in response.text


def test_windows_must_be_real_ordered_and_not_overlap(client, session, make_service, sign_in):
    sign_in("commissioner")
    service = make_service(window="open")
    url = f"/admin/challenge-services/{service.id}/windows"
    show = f"/admin/challenge-services/{service.id}"
    response = post(
        client, url, {"opens_on": ["", "", ""], "closes_on": ["31", "2", "2027"]}, form_url=show
    )
    assert response.status_code == 400
    assert "Enter the date the window opens" in response.text
    assert "Closes on must be a real date" in response.text
    response = post(
        client,
        url,
        {"opens_on": ["1", "5", "2027"], "closes_on": ["1", "4", "2027"]},
        form_url=show,
    )
    assert "The window must close on or after the day it opens" in response.text
    today = council_today()
    response = post(
        client,
        url,
        {
            "opens_on": [str(today.day), str(today.month), str(today.year)],
            "closes_on": [str(today.day), str(today.month), str(today.year)],
        },
        form_url=show,
    )
    assert response.status_code == 400
    assert "overlaps" in response.text
    session.refresh(service)
    assert len(service.windows) == 1


def test_a_window_can_be_removed(client, session, make_service, sign_in):
    sign_in("commissioner")
    service = make_service(window="future")
    window_id = service.windows[0].id
    response = post(
        client,
        f"/admin/challenge-services/{service.id}/windows/{window_id}/remove",
        {},
        form_url=f"/admin/challenge-services/{service.id}",
    )
    assert response.status_code == 302
    session.refresh(service)
    assert service.windows == []
    assert "Open at any time" in client.get("/right-to-challenge/").text


def test_the_public_page_lists_open_now_any_time_and_excluded_services(client, make_service):
    make_service(name="Library", window="open")
    make_service(name="Allotments")
    make_service(
        name="Reablement",
        exclusion_code="complex_needs",
        exclusion_reason="Integrated with NHS community health services.",
    )
    page = client.get("/right-to-challenge/")
    assert page.status_code == 200
    assert "Open now, until" in page.text
    assert "Open at any time" in page.text
    assert "Services excluded from the right" in page.text
    assert "Integrated with NHS community health services." in page.text


def test_the_public_page_speaks_welsh(client, make_service):
    make_service(window="open")
    page = client.get("/right-to-challenge/?lang=cy")
    assert "Llyfrgell gymunedol Hollinsby" in page.text
    assert 'lang="cy"' in page.text


def test_viewers_read_the_services_but_cannot_change_them(client, make_service, sign_in):
    service = make_service()
    sign_in("viewer")
    assert client.get("/admin/challenge-services/").status_code == 200
    assert client.get(f"/admin/challenge-services/{service.id}").status_code == 200
    assert client.get("/admin/challenge-services/new").status_code == 403
    assert client.get(f"/admin/challenge-services/{service.id}/edit").status_code == 403


def test_editing_a_service_saves_changes(client, session, make_service, sign_in):
    sign_in("commissioner")
    service = make_service()
    url = f"/admin/challenge-services/{service.id}/edit"
    page = client.get(url)
    assert "Hollinsby community library" in page.text
    response = post(
        client,
        url,
        {**FORM, "name": "Hollinsby library", "service_area_id": str(service.service_area_id)},
    )
    assert response.status_code == 302
    session.refresh(service)
    assert service.name == "Hollinsby library"


def test_the_public_page_query_count_does_not_grow_with_services(
    app, client, make_service, count_queries
):
    make_service(name="One", window="open")
    few = count_queries(lambda: client.get("/right-to-challenge/")).count
    for number in range(6):
        make_service(name=f"Service {number}", window="future")
    many = count_queries(lambda: client.get("/right-to-challenge/")).count
    assert many == few
