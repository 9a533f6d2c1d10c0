"""Builders for services open to challenge and a walk through the form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.challenges.catalogue import add_window, create_service
from app.challenges.windows import council_today
from tests.conftest import csrf_token


def service_data(area_id: int | None, **overrides) -> dict:
    data = {
        "name": "Hollinsby community library",
        "name_cy": "Llyfrgell gymunedol Hollinsby",
        "description": "A branch library open five days a week.",
        "description_cy": "Llyfrgell gangen ar agor bum diwrnod yr wythnos.",
        "service_area_id": area_id,
        "exclusion_code": None,
        "exclusion_reason": "",
        "exclusion_reason_cy": "",
        "decision_period_days": 90,
        "procurement_min_months": 3,
        "procurement_max_months": 12,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_service(session, area):
    def build(window: str | None = None, **overrides):
        """window: None (any time), "open", "future" or "past"."""
        service = create_service(session, service_data(area.id, **overrides))
        today = council_today()
        if window == "open":
            add_window(session, service, today - timedelta(days=5), today + timedelta(days=20))
        elif window == "future":
            add_window(session, service, today + timedelta(days=30), today + timedelta(days=60))
        elif window == "past":
            add_window(session, service, today - timedelta(days=60), today - timedelta(days=30))
        session.commit()
        return service

    return build


BODY = {
    "body_name": "Friends of Hollinsby Library",
    "body_type": "charity",
    "registration_number": "1190001",
}
CONTACT = {
    "contact_name": "Ruth Adeyemi",
    "contact_role": "Chair of trustees",
    "contact_email": "Ruth@HollinsbyFriends.example",
    "contact_phone": "",
}
ANSWERS = {
    "finance": {"financial_resources": "Reserves of £42,000 and a pledged share offer."},
    "capability": {
        "capability": "We have run the library's volunteer rota since 2019.",
        "delivered_by": "Our trust, with two paid staff and 40 volunteers.",
    },
    "outcomes": {
        "outcomes": "Longer opening hours and homework clubs.",
        "wellbeing": "Volunteering places and a café run by local people.",
    },
    "users": {"users_needs": "Step-free access and a home library service."},
    "employees": {"engagement": "Monthly open meetings with every affected colleague."},
}


def post(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    page = client.get(form_url or url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def start(client):
    response = post(client, "/right-to-challenge/apply", {})
    assert response.status_code == 302, response.text
    return response


def fill_to_check(client, service, body=None, partners=(), service_answers=None):
    """Walk every step with good answers and land on check-your-answers.
    `service` None with `service_answers` names a service the council does not list."""
    start(client)
    body = body or BODY
    steps = [
        ("body", body),
        ("contact", CONTACT),
        (
            "service",
            service_answers
            or {"service_id": str(service.id), "area": "Hollinsby and Coldwater wards"},
        ),
        ("finance", ANSWERS["finance"]),
        ("capability", ANSWERS["capability"]),
        ("outcomes", ANSWERS["outcomes"]),
        ("users", ANSWERS["users"]),
    ]
    if body["body_type"] == "employees":
        steps.append(("employees", ANSWERS["employees"]))
    for slug, data in steps:
        response = post(client, f"/right-to-challenge/apply/{slug}", data)
        assert response.status_code == 302, (slug, response.text)
    for partner in partners:
        response = post(client, "/right-to-challenge/apply/partners/add", partner)
        assert response.status_code == 302, response.text
    assert post(client, "/right-to-challenge/apply/partners", {}).status_code == 302
    response = post(client, "/right-to-challenge/apply/documents", {"submit": "Continue"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/right-to-challenge/apply/check")
    return response


PARTNER = {
    "name": "Coldwater Print Ltd",
    "role": "subcontractor",
    "financial_resources": "Turnover of £300,000 a year.",
    "capability": "Prints the library's leaflets already.",
}


def submit(client, service, **kwargs) -> str:
    fill_to_check(client, service, **kwargs)
    response = post(client, "/right-to-challenge/apply/check", {"declaration": "y"})
    assert response.status_code == 302, response.text
    return response.headers["Location"].rsplit("/", 1)[-1]


def some_date(days: int) -> date:
    return council_today() + timedelta(days=days)
