"""The page cache keeps only what every anonymous visitor may see. A
penetration test found one forged request could make /plans.json, the Atom
feed and the CSV hand every later visitor links to the attacker's site, and
that "You have signed out" was served from the cache to later visitors."""

from __future__ import annotations

import pytest
from flask import render_template_string, session
from sqlalchemy import event

from app.core.db import db
from app.core.page_cache import cached_page
from tests.conftest import QueryCounter, post_form

ATTACKER = "attacker.example"


def test_signing_out_does_not_tell_the_next_visitor_they_signed_out(
    app, client, sign_in, page_cache_on, make_plan
):
    make_plan()
    sign_in("viewer")
    signed_out = post_form(client, "/staff/sign-out", {}, form_url="/plans/")
    assert signed_out.status_code == 302
    assert "You have signed out" in client.get(signed_out.headers["Location"]).text

    for _ in range(2):
        page = app.test_client().get("/")
        assert page.status_code == 200
        assert "You have signed out" not in page.text
    # And the one who signed out sees the message once, not again from the cache.
    assert "You have signed out" not in client.get("/").text


ATTACKS = {
    # Were TRUSTED_HOSTS ever opened up, the cache must still hold no foreign host.
    "host header": ({"TRUSTED_HOSTS": None}, {"Host": ATTACKER}),
    "forwarded host": ({"TRUSTED_PROXIES": "127.0.0.1"}, {"X-Forwarded-Host": ATTACKER}),
}


@pytest.mark.parametrize("path", ["/plans.json", "/plans/feed.atom", "/plans.csv"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_forged_host_never_reaches_the_cached_open_data(production_like, make_plan, path, attack):
    settings, headers = ATTACKS[attack]
    make_plan()
    portal = production_like(PAGE_CACHE_ENABLED=True, **settings)

    forged = portal.test_client().get(path, headers=headers)
    assert forged.status_code == 200
    assert ATTACKER not in forged.text

    later = portal.test_client().get(path)
    assert later.status_code == 200
    assert ATTACKER not in later.text
    assert "http://localhost/plans/" in later.text


@pytest.fixture
def portal_with_personal_pages(production_like):
    portal = production_like(PAGE_CACHE_ENABLED=True)
    calls = []

    @portal.get("/_test/name/<name>")
    def remember(name):
        session["name"] = name
        return "ok"

    @portal.get("/_test/hello")
    @cached_page("test")
    def hello():
        return f"Hello {session.get('name', 'stranger')}"

    @portal.get("/_test/form")
    @cached_page("test")
    def form():
        return render_template_string("token={{ csrf_token() }}")

    @portal.get("/_test/cookie")
    @cached_page("test")
    def cookie():
        calls.append(1)
        response = portal.make_response(f"visit {len(calls)}")
        response.set_cookie("seen", "yes")
        return response

    return portal


def test_a_page_showing_its_visitors_session_is_not_kept(portal_with_personal_pages):
    alice = portal_with_personal_pages.test_client()
    alice.get("/_test/name/Alice")
    assert alice.get("/_test/hello").text == "Hello Alice"
    stranger = portal_with_personal_pages.test_client()
    assert stranger.get("/_test/hello").text == "Hello stranger"


def test_a_page_kept_for_strangers_is_not_served_to_someone_it_would_differ_for(
    portal_with_personal_pages,
):
    stranger = portal_with_personal_pages.test_client()
    assert stranger.get("/_test/hello").text == "Hello stranger"
    assert stranger.get("/_test/hello").text == "Hello stranger"
    alice = portal_with_personal_pages.test_client()
    alice.get("/_test/name/Alice")
    assert alice.get("/_test/hello").text == "Hello Alice"


def test_a_page_with_a_form_token_is_not_kept(portal_with_personal_pages):
    first = portal_with_personal_pages.test_client().get("/_test/form").text
    second = portal_with_personal_pages.test_client().get("/_test/form").text
    assert first.startswith("token=")
    assert first != second


def test_a_page_that_sets_a_cookie_is_not_kept(portal_with_personal_pages):
    first = portal_with_personal_pages.test_client().get("/_test/cookie")
    second = portal_with_personal_pages.test_client().get("/_test/cookie")
    assert (first.text, second.text) == ("visit 1", "visit 2")
    assert "seen=yes" in second.headers["Set-Cookie"]


def test_pages_the_same_for_everyone_are_still_kept(production_like, make_plan):
    make_plan(title="Kept for everyone")
    # A long version lifetime, so a slow machine cannot turn the hit into a miss.
    portal = production_like(PAGE_CACHE_ENABLED=True, PAGE_CACHE_VERSION_TTL=60.0)
    assert "Kept for everyone" in portal.test_client().get("/plans/").text
    with portal.app_context():
        engine = db.engine
    counter = QueryCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        page = portal.test_client().get("/plans/")
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert "Kept for everyone" in page.text
    assert counter.count == 0, "a cached page should need no query"
