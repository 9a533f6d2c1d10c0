"""An event as an iCalendar file (RFC 5545), built with the icalendar library:
the download on the event page and the file attached to booking emails."""

from __future__ import annotations

from flask import current_app, url_for
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.core.outbox import Attachment
from app.core.sanitise import plain_text
from app.events.models import ONLINE, Event

PUBLISH = "PUBLISH"
CANCEL = "CANCEL"


def event_ics(
    event: Event,
    *,
    url: str,
    organiser_email: str,
    domain: str,
    method: str = PUBLISH,
    joining_link: str | None = None,
) -> bytes:
    """The event as a calendar file. `method=CANCEL` tells a calendar that
    already holds the event (by its UID) to remove it. `joining_link` is for
    people with a confirmed booking only: the public file never carries it."""
    cancelled = method == CANCEL or event.status == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", "-//Open Commissioning Portal//Meet the buyer//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = CalendarEvent()
    # Stable across downloads and emails, so a calendar updates the event
    # instead of adding another, and a cancellation finds it.
    entry.add("uid", f"event-{event.id}@{domain}")
    # A cancellation must outrank the copy it replaces (RFC 5546 3.2.5).
    entry.add("sequence", 1 if method == CANCEL else 0)
    entry.add("dtstamp", event.updated_at)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", plain_text(event.description_html))
    entry.add("url", url)
    if event.format == ONLINE:
        entry.add("location", joining_link or "Online")
    else:
        entry.add("location", event.venue or "")
    entry.add("organizer", f"mailto:{organiser_email}")
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def event_calendar(event: Event, *, method: str = PUBLISH, joining_link: str | None = None):
    """The calendar file for `event`. The UID's domain is the council's
    email domain, not the address the request came in on: the reminder
    command has no request, and its file must update the one downloaded."""
    organiser = current_app.config["COUNCIL_EMAIL"]
    return event_ics(
        event,
        url=url_for("events.detail", slug=event.slug, _external=True),
        organiser_email=organiser,
        domain=organiser.rpartition("@")[2] or "localhost",
        method=method,
        joining_link=joining_link,
    )


def calendar_attachment(
    event: Event, *, method: str = PUBLISH, joining_link: str | None = None
) -> Attachment:
    return Attachment(
        filename=f"{event.slug}.ics",
        content_type=f"text/calendar; charset=utf-8; method={method}",
        content=event_calendar(event, method=method, joining_link=joining_link),
    )
