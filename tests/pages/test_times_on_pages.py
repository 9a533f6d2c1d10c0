"""Pages say when an event has finished, and never show a bare 00:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core.db import utcnow

SUMMER_MIDNIGHT = datetime(2027, 10, 4, 23, 0, tzinfo=UTC)


def test_a_consultation_closing_at_midnight_says_so_on_its_page(client, make_consultation):
    consultation = make_consultation(closes_at=SUMMER_MIDNIGHT)
    for language, words in (
        ("en", "midnight at the end of 4 October 2027"),
        ("cy", "hanner nos ar ddiwedd 4 Hydref 2027"),
    ):
        page = client.get(
            f"/consultations/{consultation.slug}", headers={"Accept-Language": language}
        ).text
        assert words in page
        assert "00:00" not in page


def test_a_past_event_says_it_has_finished(client, make_event):
    now = utcnow()
    past = make_event(
        title="Last year’s breakfast",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3, hours=-2),
        booking_opens_at=now - timedelta(days=20),
        booking_closes_at=now - timedelta(days=4),
    )
    page = client.get(f"/events/{past.slug}").text
    assert "This event has finished" in page
    assert "Booking is not open" not in page
    listing = client.get("/events/").text
    past_part = listing.split("Past events")[1]
    assert "Last year’s breakfast" in past_part
    assert "Finished" in past_part


def test_an_upcoming_event_does_not_say_it_has_finished(client, make_event):
    event = make_event()
    assert "This event has finished" not in client.get(f"/events/{event.slug}").text


def test_an_event_ending_at_midnight_says_midnight(client, make_event):
    event = make_event(starts_at=SUMMER_MIDNIGHT - timedelta(hours=3), ends_at=SUMMER_MIDNIGHT)
    page = client.get(f"/events/{event.slug}").text
    assert "4 October 2027, 21:00 – midnight" in page
