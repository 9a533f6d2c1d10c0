"""An event as an iCalendar file (RFC 5545), built with the icalendar library:
the download on the event page and the files attached to booking emails.

One UID per event, shared by the public file and every booking's file, so a
calendar holds one copy. Its SEQUENCE only ever rises for any one booker
(RFC 5546 2.1.4): the event's own sequence, raised on every change, plus the
booking's, raised when the booking is cancelled and carried above the last
one's by a re-booking. A calendar therefore takes a cancellation over the
booking it cancels, and a re-booking over that cancellation.
"""

from __future__ import annotations

from flask import current_app, url_for
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from app.core.bilingual import in_language
from app.core.db import utcnow
from app.core.i18n import current_language
from app.core.outbox import Attachment
from app.core.sanitise import plain_text
from app.events.models import ONLINE, Booking, Event

PUBLISH = "PUBLISH"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def sequence(event: Event, booking: Booking | None = None) -> int:
    return (event.calendar_sequence or 0) + (booking.calendar_sequence or 0 if booking else 0)


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def event_ics(
    event: Event,
    *,
    url: str,
    organiser_email: str,
    organiser_name: str,
    domain: str,
    method: str = PUBLISH,
    joining_link: str | None = None,
    attendee: tuple[str, str] | None = None,
    seq: int | None = None,
    language: str | None = None,
) -> bytes:
    """The event as a calendar file. `method=REQUEST` is a booker's copy,
    addressed to `attendee` (email, name); `method=CANCEL` tells a calendar
    that holds the event (by its UID) to remove it. `joining_link` is for
    people with a confirmed booking only: the public file never carries it.
    The words are in `language` (the reader's by default), English where the
    Welsh is not written yet, each marked with its LANGUAGE (RFC 5545 3.2.10)."""
    cancelled = method == CANCEL or event.status == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", "-//Open Commissioning Portal//Meet the buyer//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{domain}")
    entry.add("sequence", sequence(event) if seq is None else seq)
    # When this file was made (RFC 5545 3.8.7.2), not when the event changed.
    entry.add("dtstamp", utcnow())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    language = language or current_language()

    def add_words(name: str, english: str | None, welsh: str | None, html: bool = False) -> None:
        shown = in_language(english, welsh, language)
        lang = "cy" if language == "cy" and shown == welsh and (welsh or "").strip() else "en"
        entry.add(name, plain_text(shown) if html else shown, parameters={"LANGUAGE": lang})

    add_words("summary", event.title, event.title_cy)
    add_words("description", event.description_html, event.description_html_cy, html=True)
    entry.add("url", url)
    if event.format == ONLINE:
        entry.add("location", joining_link or "Online")
    else:
        add_words("location", event.venue or "", event.venue_cy)
    entry.add("organizer", _address(organiser_email, organiser_name))
    if attendee:
        email, name = attendee
        entry.add(
            "attendee",
            _address(
                email,
                name,
                role="REQ-PARTICIPANT",
                partstat="DECLINED" if method == CANCEL else "ACCEPTED",
                rsvp="FALSE",
            ),
        )
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def event_calendar(
    event: Event,
    *,
    method: str = PUBLISH,
    joining_link: str | None = None,
    attendee: tuple[str, str] | None = None,
    seq: int | None = None,
    language: str | None = None,
):
    """The calendar file for `event`. The UID's domain is the council's
    email domain, not the address the request came in on: the reminder
    command has no request, and its file must update the one downloaded."""
    config = current_app.config
    organiser = config["COUNCIL_EMAIL"]
    return event_ics(
        event,
        url=url_for("events.detail", slug=event.slug, _external=True),
        organiser_email=organiser,
        organiser_name=config["COUNCIL_NAME"],
        domain=organiser.rpartition("@")[2] or "localhost",
        method=method,
        joining_link=joining_link,
        attendee=attendee,
        seq=seq,
        language=language,
    )


def calendar_attachment(
    event: Event,
    *,
    method: str = PUBLISH,
    joining_link: str | None = None,
    attendee: tuple[str, str] | None = None,
    seq: int | None = None,
    language: str | None = None,
) -> Attachment:
    return Attachment(
        filename=f"{event.slug}.ics",
        content_type=f"text/calendar; charset=utf-8; method={method}",
        content=event_calendar(
            event,
            method=method,
            joining_link=joining_link,
            attendee=attendee,
            seq=seq,
            language=language,
        ),
    )


def booking_attachment(
    booking: Booking, email: str, *, method: str = REQUEST, language: str = "en"
) -> Attachment:
    """A booker's own copy, in their language: REQUEST while booked, CANCEL when it is not."""
    event = booking.event
    name = booking.contact.name if booking.contact else booking.supplier.name
    return calendar_attachment(
        event,
        method=method,
        joining_link=event.joining_link if method == REQUEST else None,
        attendee=(email, name),
        seq=sequence(event, booking),
        language=language,
    )
