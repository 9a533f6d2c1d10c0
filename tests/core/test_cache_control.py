"""Browsers and proxies are told not to keep staff pages, a signed-in
supplier's pages or the pages of emailed links (a shared computer's Back
button or a proxy must not show them to the next person), and to keep a page
carrying a visitor's form token to that visitor."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.outbox.models import OutboxMessage
from tests.conftest import post_form
from tests.suppliers.conftest import registration


def _cache_control(response) -> str:
    return response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path", ["/inbox/", "/admin/", "/admin/plans/", "/admin/surveys/", "/admin/users", "/plans/"]
)
def test_nothing_a_signed_in_member_of_staff_sees_is_stored(client, sign_in, path):
    sign_in("administrator")
    response = client.get(path)
    assert response.status_code == 200
    assert _cache_control(response) == "no-store"


def test_staff_error_pages_are_not_stored_either(client, sign_in):
    sign_in("viewer")
    assert _cache_control(client.get("/admin/no-such-page")) == "no-store"
    assert _cache_control(client.get("/admin/plans/new")) == "no-store"  # a 403


def test_the_staff_sign_in_page_is_not_stored(client):
    assert _cache_control(client.get("/staff/sign-in")) == "no-store"


@pytest.fixture
def supplier_link(client, session, area):
    email = "priya@northfield-larder.org.example"
    assert post_form(client, "/suppliers/register", registration(contact_email=email)).status_code
    post_form(client, "/suppliers/sign-in", {"email": email})
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"http://localhost(/suppliers/sign-in/[\w-]+)", message.body_text).group(1)


def test_the_sign_in_link_pages_are_not_stored(client, supplier_link):
    assert _cache_control(client.get("/suppliers/sign-in/check-your-email")) == "no-store"
    assert _cache_control(client.get(supplier_link)) == "no-store"


@pytest.mark.parametrize("path", ["/suppliers/account", "/suppliers/account/profile", "/events/"])
def test_nothing_a_signed_in_supplier_sees_is_stored(client, supplier_link, path):
    assert post_form(client, supplier_link, {}).status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    assert _cache_control(response) == "no-store"


def test_a_page_with_a_form_is_kept_private_to_its_visitor(client, area):
    response = client.get("/suppliers/register")
    assert response.status_code == 200
    assert "private" in _cache_control(response)


def test_public_pages_for_anonymous_visitors_stay_cacheable(client, make_plan):
    make_plan()
    for path in ["/", "/plans/", "/plans.json", "/plans/feed.atom"]:
        response = client.get(path)
        assert response.status_code == 200
        assert _cache_control(response) == "", path
