"""The home page shows what is open now, then the forward plan."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.core.db import utcnow


def _section(html: str, name: str) -> str:
    match = re.search(rf'data-open="{name}">(.*?)</(ul|p)>', html, re.S)
    return match.group(1) if match else ""


def test_open_consultations_are_listed_with_their_closing_dates(client, make_consultation):
    now = utcnow()
    make_consultation(title="Library hours", closes_at=now + timedelta(days=3))
    make_consultation(title="Not yet open", opens_at=now + timedelta(days=2))
    make_consultation(
        title="Already closed",
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(minutes=1),
    )
    make_consultation(title="Draft one", published=False)
    page = client.get("/").text
    listed = _section(page, "consultations")
    assert "Library hours" in listed
    assert "Closes" in listed
    for hidden in ("Not yet open", "Already closed", "Draft one"):
        assert hidden not in listed
    # What is open comes before the forward plan.
    assert page.index("Library hours") < page.index("See what we plan to commission")


def test_the_soonest_to_close_comes_first(client, make_consultation):
    now = utcnow()
    make_consultation(title="Closes later", closes_at=now + timedelta(days=20))
    make_consultation(title="Closes sooner", closes_at=now + timedelta(days=2))
    listed = _section(client.get("/").text, "consultations")
    assert listed.index("Closes sooner") < listed.index("Closes later")


def test_next_events_are_listed_but_not_past_draft_or_cancelled_ones(client, make_event):
    now = utcnow()
    make_event(
        title="Home care buyers",
        starts_at=now + timedelta(days=4),
        ends_at=now + timedelta(days=4, hours=2),
    )
    make_event(
        title="Earlier event",
        starts_at=now - timedelta(days=4),
        ends_at=now - timedelta(days=4, hours=-2),
    )
    make_event(title="Unpublished event", status="draft")
    make_event(title="Called off", status="cancelled")
    listed = _section(client.get("/").text, "events")
    assert "Home care buyers" in listed
    for hidden in ("Earlier event", "Unpublished event", "Called off"):
        assert hidden not in listed


def test_only_open_challenge_windows_are_listed(client, make_service):
    make_service(window="open", name="Open library")
    make_service(window="future", name="Future pool")
    make_service(window="past", name="Past park")
    make_service(window=None, name="Any time service")
    listed = _section(client.get("/").text, "windows")
    assert "Open library" in listed
    assert "until the end of" in listed
    for hidden in ("Future pool", "Past park", "Any time service"):
        assert hidden not in listed


def test_open_challenge_windows_are_named_in_welsh(client, make_service):
    make_service(window="open")
    listed = _section(client.get("/", headers={"Accept-Language": "cy"}).text, "windows")
    assert "Llyfrgell gymunedol Hollinsby" in listed


def test_the_open_survey_wave_is_shown(client, open_wave):
    section = _section(client.get("/").text, "survey")
    assert open_wave.title in section
    assert "open now" in section


def test_the_next_survey_wave_is_shown_when_none_is_open(client, session):
    from app.surveys.waves import create_wave

    now = utcnow()
    create_wave(session, now + timedelta(days=5), now + timedelta(days=30), confirmed=True)
    session.commit()
    section = _section(client.get("/").text, "survey")
    assert "next one opens" in section


def test_an_empty_portal_says_nothing_is_open(client):
    page = client.get("/").text
    assert "Nothing is open for you to take part in at the moment" in page
    assert "No consultations are open at the moment." in page


@pytest.mark.parametrize("language", ["en", "cy"])
def test_home_query_count_does_not_grow(
    client, make_consultation, make_event, make_service, make_plan, count_queries, language
):
    headers = {"Accept-Language": language}
    make_consultation()
    make_event()
    make_service(window="open")
    make_plan()
    few = count_queries(lambda: client.get("/", headers=headers))
    for number in range(8):
        make_consultation(title=f"Consultation {number}")
        make_event(title=f"Event {number}")
        make_service(window="open", name=f"Service {number}")
        make_plan(title=f"Plan {number}")
    many = count_queries(lambda: client.get("/", headers=headers))
    assert many.count == few.count, many.statements
    assert many.count <= 6, many.statements


def test_home_is_cached_for_anonymous_visitors_and_follows_consultations(
    app, client, make_consultation, count_queries, session
):
    from app.consultations.services import set_published

    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        consultation = make_consultation(title="Before")
        assert "Before" in client.get("/").text
        again = count_queries(lambda: client.get("/"))
        assert again.count == 0, again.statements
        set_published(session, consultation, False)
        session.commit()
        assert "Before" not in client.get("/").text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False


def test_home_is_rendered_afresh_once_its_lifetime_passes(app, client, make_event, monkeypatch):
    from app.core import page_cache

    clock = [1_000_000.0]
    monkeypatch.setattr(page_cache.time, "time", lambda: clock[0])
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        assert "No events are planned" in client.get("/").text
        make_event(title="Brand new event")  # events keep no content version
        assert "Brand new event" not in client.get("/").text
        clock[0] += 61
        assert "Brand new event" in client.get("/").text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False
