from datetime import timedelta

from icalendar import Calendar

from app.core.db import utcnow


def test_events_are_listed_upcoming_and_past(client, make_event):
    make_event(title="Meet the buyer: home care")
    past = utcnow() - timedelta(days=30)
    make_event(
        title="Meet the buyer: libraries",
        starts_at=past,
        ends_at=past + timedelta(hours=2),
        booking_opens_at=past - timedelta(days=20),
        booking_closes_at=past - timedelta(days=1),
    )
    make_event(title="A draft nobody should see", status="draft")
    page = client.get("/events/")
    assert page.status_code == 200
    upcoming, past_part = page.text.split("Past events")
    assert "Meet the buyer: home care" in upcoming
    assert "4 places left" in upcoming
    assert "Meet the buyer: libraries" in past_part
    assert "A draft nobody should see" not in page.text


def test_an_event_page_shows_places_left_and_sanitised_description(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.slug}")
    assert page.status_code == 200
    assert "4 / 4" in page.text
    assert "Hear about our plans" in page.text
    assert "x()" not in page.text
    assert "Step-free access" in page.text
    assert "Book a place" in page.text


def test_drafts_are_not_found(client, make_event):
    event = make_event(status="draft")
    assert client.get(f"/events/{event.slug}").status_code == 404
    assert client.get(f"/events/{event.slug}.ics").status_code == 404


def test_the_ics_file_parses_as_a_calendar_event(client, make_event):
    event = make_event(title="Meet the buyer: home care; north, south")
    response = client.get(f"/events/{event.slug}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Meet the buyer: home care; north, south"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0) or abs(
        entry.decoded("DTSTART") - event.starts_at
    ) < timedelta(seconds=1)
    assert "Elmsworth Civic Centre" in str(entry["LOCATION"])
    assert str(entry["URL"]).endswith(f"/events/{event.slug}")
    assert entry["UID"]


def test_an_online_events_joining_link_is_not_public(client, make_event):
    event = make_event(format="online", venue=None, joining_link="https://meet.example/abc")
    assert "meet.example" not in client.get(f"/events/{event.slug}").text
    assert b"meet.example" not in client.get(f"/events/{event.slug}.ics").data


def test_booking_asks_a_visitor_to_sign_in_or_register(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.slug}/book")
    assert page.status_code == 200
    assert "/suppliers/sign-in?next=" in page.text
    assert f"/events/{event.slug}/book/register" in page.text
