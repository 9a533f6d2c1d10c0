"""Event pages are cached for anonymous readers. Places left change with every
booking, so any change to an event, a slot or a booking moves the events
content version in the same transaction; and a cached page is served only
until booking opens or closes or an event starts or ends."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.core.db import db, utcnow
from app.events.models import Event
from app.events.public_cache import next_event_change
from app.events.services import book, cancel


def test_a_booking_and_a_cancellation_show_on_the_cached_pages_at_once(
    client, session, make_event, make_supplier, page_cache_on, count_queries
):
    event = make_event(capacity=4)
    url = f"/events/{event.slug}"
    assert "4 / 4" in client.get(url).text
    # Served from the cache: not one query.
    assert count_queries(lambda: client.get(url)).count == 0
    client.get("/events/")
    supplier = make_supplier("Brookside Larder", "ama@brookside.example")
    booking = book(session, event.id, supplier.contacts[0], names=["Ama Mensah", "Jo Lee"])
    session.commit()
    assert "2 / 4" in client.get(url).text
    cancel(session, booking.id)
    session.commit()
    assert "4 / 4" in client.get(url).text


def test_a_cached_page_is_rendered_afresh_once_booking_closes(
    client, session, make_event, page_cache_on, monkeypatch
):
    from app.core import page_cache

    event = make_event(booking_closes_at=utcnow() + timedelta(hours=1))
    url = f"/events/{event.slug}"
    clock = [utcnow().timestamp()]
    monkeypatch.setattr(page_cache.time, "time", lambda: clock[0])
    assert "Book a place" in client.get(url).text
    with db.engine.begin() as conn:  # as the clock passing the closing time would
        conn.execute(
            update(Event)
            .where(Event.id == event.id)
            .values(booking_closes_at=utcnow() - timedelta(minutes=1))
        )
    clock[0] += 3600 - 5
    assert "Book a place" in client.get(url).text
    clock[0] += 10
    assert "Book a place" not in client.get(url).text


def test_the_next_change_is_the_nearest_of_booking_and_event_times(session, make_event):
    now = utcnow()
    make_event(
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=2),
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
    )
    soonest = make_event(
        title="Online briefing",
        booking_opens_at=now + timedelta(hours=6),
        booking_closes_at=now + timedelta(days=5),
        starts_at=now + timedelta(days=6),
        ends_at=now + timedelta(days=6, hours=1),
    )
    make_event(
        status="draft",
        title="A draft opening sooner",
        booking_opens_at=now + timedelta(hours=1),
    )
    assert next_event_change() == pytest.approx(soonest.booking_opens_at.timestamp())


def test_past_events_change_nothing_more(session, make_event):
    now = utcnow()
    make_event(
        booking_opens_at=now - timedelta(days=30),
        booking_closes_at=now - timedelta(days=21),
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=2),
    )
    assert next_event_change() is None
