"""Consultation pages are cached for anonymous readers like the plan pages,
and a cached page never outlives the moment a consultation opens or closes:
time alone changes its status, with no content version to bump."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.consultations.models import Consultation
from app.consultations.views import next_status_change
from app.core.db import db, utcnow


def _move_closing_without_telling_the_cache(consultation_id: int, closes_at) -> None:
    # As time passing would: the rows change, no content version does.
    with db.engine.begin() as conn:
        conn.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id)
            .values(closes_at=closes_at)
        )


def test_a_cached_page_is_rendered_afresh_once_a_consultation_closes(
    app, client, make_consultation, page_cache_on, monkeypatch
):
    from app.core import page_cache

    consultation = make_consultation(closes_at=utcnow() + timedelta(hours=2))
    url = f"/consultations/{consultation.slug}"
    clock = [utcnow().timestamp()]
    monkeypatch.setattr(page_cache.time, "time", lambda: clock[0])
    assert "How to respond" in client.get(url).text
    listing = client.get("/consultations/").text
    assert "Changes to library opening hours" in listing

    _move_closing_without_telling_the_cache(consultation.id, utcnow() - timedelta(minutes=1))
    # Still before the closing time the page was rendered for: served as it was.
    clock[0] += 2 * 3600 - 5
    assert "How to respond" in client.get(url).text
    # Past it: rendered afresh, closed.
    clock[0] += 10
    assert "How to respond" not in client.get(url).text
    assert client.get("/consultations/").text != listing


def test_the_next_change_is_the_nearest_opening_or_closing(session, make_consultation):
    now = utcnow()
    make_consultation(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))
    soonest = make_consultation(
        title="Closing soon", opens_at=now - timedelta(days=3), closes_at=now + timedelta(hours=5)
    )
    make_consultation(
        title="A draft closing sooner",
        published=False,
        closes_at=now + timedelta(hours=1),
    )
    assert next_status_change() == pytest.approx(soonest.closes_at.timestamp())


def test_with_nothing_to_open_or_close_a_page_keeps(session, make_consultation):
    now = utcnow()
    make_consultation(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2))
    assert next_status_change() is None


def test_an_edit_shows_at_once(
    app, client, session, make_consultation, page_cache_on, count_queries
):
    from app.consultations.services import update_consultation

    consultation = make_consultation()
    url = f"/consultations/{consultation.slug}"
    assert "Changes to library opening hours" in client.get(url).text
    # Served from the cache: not one query.
    assert count_queries(lambda: client.get(url)).count == 0
    assert count_queries(lambda: client.get("/consultations/")).count > 0
    assert count_queries(lambda: client.get("/consultations/")).count == 0
    update_consultation(session, consultation, {"title": "Library hours: what we propose"})
    session.commit()
    assert "Library hours: what we propose" in client.get(url).text
