"""An event as an iCalendar file (RFC 5545), built with the icalendar library."""

from __future__ import annotations

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.core.sanitise import plain_text
from app.events.models import ONLINE, Event


def event_ics(event: Event, *, url: str, organiser_email: str, domain: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Open Commissioning Portal//Meet the buyer//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    # Stable across downloads, so a calendar updates the event instead of adding another.
    entry.add("uid", f"event-{event.id}@{domain}")
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", plain_text(event.description_html))
    entry.add("url", url)
    entry.add("location", "Online" if event.format == ONLINE else (event.venue or ""))
    entry.add("organizer", f"mailto:{organiser_email}")
    entry.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()
