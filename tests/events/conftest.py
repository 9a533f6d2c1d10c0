"""Events and suppliers made through the capability's own services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.db import utcnow
from tests.conftest import post_form
from tests.suppliers.conftest import last_link


def event_data(**overrides) -> dict:
    now = utcnow()
    data = {
        "title": "Meet the buyer: home care and support",
        "description_html": "<p>Hear about our plans for home care.</p><script>x()</script>",
        "starts_at": now + timedelta(days=10),
        "ends_at": now + timedelta(days=10, hours=3),
        "format": "in_person",
        "venue": "Elmsworth Civic Centre, Market Street, Elmsworth EW1 1AA",
        "accessibility": "Step-free access from Market Street; hearing loop in the hall.",
        "joining_link": None,
        "capacity": 4,
        "places_per_organisation": 2,
        "booking_opens_at": now - timedelta(days=1),
        "booking_closes_at": now + timedelta(days=9),
        "buyers_attending": "Sam Patel, Adult social care",
        "plan_item_ids": [],
        "slots": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_event(session, area):
    from app.events.services import save_event

    def build(status: str = "published", **overrides):
        overrides.setdefault("service_area_id", area.id)
        event = save_event(session, None, event_data(**overrides))
        event.status = status
        session.commit()
        return event

    return build


_numbers = iter(range(1100000, 1199999))


@pytest.fixture
def make_supplier(session, area):
    from app.suppliers.services import register_supplier

    def build(name: str, email: str, **overrides):
        profile = {
            "name": name,
            "legal_form": "registered_charity",
            "charity_number": str(next(_numbers)),
            "company_number": None,
            "cdp_id": None,
            "staff_count": 5,
            "volunteer_count": 10,
            "turnover_band": "100k_to_1m",
            "balance_sheet_band": None,
            "is_vcse": True,
            "postcode": "EW1 2AB",
            "service_area_slugs": ["adult-social-care"],
            "cpv_divisions": ["85"],
            "alert_frequency": "weekly",
            "news_opt_in": False,
        }
        profile.update(overrides)
        supplier = register_supplier(
            session, profile, {"name": name + " contact", "email": email, "phone": None}
        )
        session.commit()
        return supplier

    return build


@pytest.fixture
def supplier_sign_in(client, session):
    def sign_in(email: str) -> None:
        # A new browser session: whoever was signed in is forgotten.
        client.delete_cookie("session", domain="localhost")
        post_form(client, "/suppliers/sign-in", {"email": email})
        assert post_form(client, last_link(session), {}).status_code == 302

    return sign_in
