"""Helpers for the supplier register's tests: a complete registration, and
the sign-in link out of the outbox."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import post_form


def registration(**overrides) -> dict:
    data = {
        "name": "Northfield Community Larder",
        "legal_form": "cio",
        "charity_number": "1187 654",
        "company_number": "",
        "cdp_id": "",
        "staff_count": "4",
        "volunteer_count": "35",
        "turnover_band": "100k_to_1m",
        "postcode": "ew3 4hq",
        "service_areas": ["adult-social-care"],
        "cpv_divisions": ["15", "98"],
        "alert_frequency": "weekly",
        "contact_name": "Priya Okafor",
        "contact_email": "Priya@Northfield-Larder.org.example",
        "contact_phone": "01632 960 111",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def register(client, area):
    def submit(**overrides):
        return post_form(client, "/suppliers/register", registration(**overrides))

    return submit


def last_link(session) -> str:
    from app.core.outbox.models import OutboxMessage

    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    match = re.search(r"http://[^\s]+/suppliers/sign-in/[A-Za-z0-9_\-]+", message.body_text)
    assert match, message.body_text
    return match.group(0).replace("http://localhost", "")


@pytest.fixture
def signed_in_supplier(client, register, session):
    """A registered supplier, signed in through the emailed link."""

    def sign_in(email="priya@northfield-larder.org.example", **overrides):
        if register(contact_email=email, **overrides).status_code != 302:
            raise AssertionError("registration failed")
        post_form(client, "/suppliers/sign-in", {"email": email})
        link = last_link(session)
        response = post_form(client, link, {})
        assert response.status_code == 302, response.text
        return link

    return sign_in
