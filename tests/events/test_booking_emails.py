"""Booking emails carry the event as a calendar file: through the outbox
worker into the .eml, where icalendar reads the right time and UID."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from app.core.db import utcnow
from app.core.london_time import london_to_utc as london
from app.core.outbox.backends import FileBackend
from app.core.outbox.models import OutboxMessage
from app.core.outbox.services import send_due
from app.events.services import book, cancel, cancel_event, send_reminders

LONDON = ZoneInfo("Europe/London")
SENDER = "Elmsworth <commissioning@elmsworth.gov.example>"


def summer_event(make_event, **overrides):
    # 10:00 in British Summer Time is 09:00 UTC: a naive time would be an hour out.
    day = date(utcnow().year + 1, 7, 1)
    return make_event(
        starts_at=london(day, time(10, 0)),
        ends_at=london(day, time(12, 30)),
        **overrides,
    )


def sent_emails(session, tmp_path, to: str):
    """Run the outbox worker, then read what it wrote for `to`, oldest first."""
    folder = tmp_path / "mail"
    send_due(backend=FileBackend(folder, SENDER))
    emails = [
        message_from_bytes(path.read_bytes(), policy=default_policy)
        for path in sorted(folder.glob("*.eml"))
    ]
    return [email for email in emails if email["To"] == to]


def calendar_of(email):
    [attachment] = [a for a in email.iter_attachments() if a.get_filename().endswith(".ics")]
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    [entry] = calendar.walk("VEVENT")
    return calendar, entry


def test_the_confirmation_attaches_the_event_at_the_right_time(
    client, session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event)
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    booking = book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()

    [confirmation] = [
        e
        for e in sent_emails(session, tmp_path, "ama@riverside.example")
        if "confirmed" in e["Subject"]
    ]
    body = confirmation.get_body(("plain",)).get_content()
    assert "/events/bookings/" in body  # the cancellation link stays in the text
    assert f"/events/{event.slug}.ics" in body
    calendar, entry = calendar_of(confirmation)
    # The booker's own copy is a meeting request addressed to them (RFC 5546).
    assert str(calendar["METHOD"]) == "REQUEST"
    assert entry.decoded("dtstart") == datetime(event.starts_at.year, 7, 1, 10, 0, tzinfo=LONDON)
    assert entry.decoded("dtend") == datetime(event.starts_at.year, 7, 1, 12, 30, tzinfo=LONDON)
    assert str(entry["UID"]) == f"event-{event.id}@elmsworth.gov.example"
    assert str(entry["SUMMARY"]) == event.title

    # The download on the event page is the same event, so calendars merge them.
    download = Calendar.from_ical(client.get(f"/events/{event.slug}.ics").data)
    [downloaded] = download.walk("VEVENT")
    assert downloaded["UID"] == entry["UID"]
    assert booking.reference in confirmation["Subject"]


def test_an_online_booking_s_calendar_has_the_joining_link(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(
        make_event, format="online", venue=None, joining_link="https://meet.example/abc"
    )
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    [confirmation] = sent_emails(session, tmp_path, "ama@riverside.example")[-1:]
    _calendar, entry = calendar_of(confirmation)
    assert str(entry["LOCATION"]) == "https://meet.example/abc"


def test_the_waiting_list_email_has_no_calendar_but_promotion_and_cancelling_do(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event, capacity=1, places_per_organisation=1)
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("Northfield Youth Trust", "c@northfield.example")
    taken = book(session, event.id, first.contacts[0], names=["A One"])
    book(session, event.id, second.contacts[0], names=["C One"])
    session.commit()
    [waiting] = [
        e
        for e in sent_emails(session, tmp_path, "c@northfield.example")
        if "waiting" in e["Subject"]
    ]
    assert list(waiting.iter_attachments()) == []

    cancel(session, taken.id)
    session.commit()
    [promoted] = [
        e
        for e in sent_emails(session, tmp_path, "c@northfield.example")
        if "came free" in e["Subject"]
    ]
    _calendar, entry = calendar_of(promoted)
    assert str(entry["UID"]) == f"event-{event.id}@elmsworth.gov.example"

    [cancelled] = [
        e
        for e in sent_emails(session, tmp_path, "a@riverside.example")
        if "cancelled" in e["Subject"]
    ]
    calendar, entry = calendar_of(cancelled)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["UID"]) == f"event-{event.id}@elmsworth.gov.example"
    assert int(entry["SEQUENCE"]) == 1
    assert "take the event out of your calendar" in cancelled.get_body(("plain",)).get_content()


def test_cancelling_one_of_two_bookings_keeps_the_event_in_the_calendar(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event, places_per_organisation=2)
    supplier = make_supplier("Riverside Larder", "a@riverside.example")
    one = book(session, event.id, supplier.contacts[0], names=["A One"])
    book(session, event.id, supplier.contacts[0], names=["A Two"])
    session.commit()
    cancel(session, one.id)
    session.commit()
    [cancelled] = [
        e
        for e in sent_emails(session, tmp_path, "a@riverside.example")
        if "cancelled" in e["Subject"]
    ]
    assert list(cancelled.iter_attachments()) == []
    assert "calendar" not in cancelled.get_body(("plain",)).get_content()


def test_the_reminder_attaches_the_calendar(session, tmp_path, make_event, make_supplier):
    soon = utcnow() + timedelta(days=1)
    event = make_event(
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        booking_closes_at=soon - timedelta(hours=1),
    )
    supplier = make_supplier("Riverside Larder", "a@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama"])
    session.commit()
    assert send_reminders(session) == 1
    session.commit()
    [reminder] = [
        e
        for e in sent_emails(session, tmp_path, "a@riverside.example")
        if "Reminder" in e["Subject"]
    ]
    _calendar, entry = calendar_of(reminder)
    assert entry.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert "/suppliers/account" in reminder.get_body(("plain",)).get_content()


def test_cancelling_the_event_sends_a_cancellation_to_calendars(
    session, tmp_path, make_event, make_supplier
):
    event = summer_event(make_event, capacity=1, places_per_organisation=1)
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("Northfield Youth Trust", "c@northfield.example")
    book(session, event.id, first.contacts[0], names=["A One"])
    book(session, event.id, second.contacts[0], names=["C One"])
    session.commit()
    assert cancel_event(session, event) == 2
    session.commit()
    [booked] = [
        e
        for e in sent_emails(session, tmp_path, "a@riverside.example")
        if "Event cancelled" in e["Subject"]
    ]
    calendar, _entry = calendar_of(booked)
    assert str(calendar["METHOD"]) == "CANCEL"
    waiting = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.to_address == "c@northfield.example",
            OutboxMessage.subject.like("Event cancelled%"),
        )
    ).one()
    assert waiting.attachments == []


def test_a_waiting_list_entry_gets_its_slot_on_promotion_if_still_free(
    session, make_event, make_supplier
):
    event = summer_event(
        make_event,
        capacity=1,
        places_per_organisation=1,
        slots=[("Sam Patel", utcnow() + timedelta(days=400))],
    )
    slot_id = event.slots[0].id
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("Northfield Youth Trust", "c@northfield.example")
    taken = book(session, event.id, first.contacts[0], names=["A One"])
    waiting = book(session, event.id, second.contacts[0], names=["C One"], slot_id=slot_id)
    session.commit()
    assert waiting.status == "waiting"
    assert waiting.slot_id == slot_id
    asked = _last_email(session, "c@northfield.example")
    assert "One-to-one meeting you asked for" in asked.body_text
    assert "Sam Patel" in asked.body_text

    cancel(session, taken.id)
    session.commit()
    session.refresh(waiting)
    assert waiting.status == "confirmed"
    assert waiting.slot_id == slot_id
    promoted = _last_email(session, "c@northfield.example")
    assert "One-to-one meeting: " in promoted.body_text
    assert "Someone else has booked" not in promoted.body_text


def test_a_promoted_entry_whose_slot_was_taken_is_told(session, make_event, make_supplier):
    event = summer_event(
        make_event,
        capacity=2,
        places_per_organisation=1,
        slots=[("Sam Patel", utcnow() + timedelta(days=400))],
    )
    slot_id = event.slots[0].id
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("Hartley Catering", "b@hartley.example")
    third = make_supplier("Northfield Youth Trust", "c@northfield.example")
    leaving = book(session, event.id, first.contacts[0], names=["A One"])
    book(session, event.id, second.contacts[0], names=["B One"])
    waiting = book(session, event.id, third.contacts[0], names=["C One"], slot_id=slot_id)
    session.commit()
    # The slot is still free, so someone with a place books it meanwhile.
    from app.events.models import Booking

    holder = session.scalars(select(Booking).where(Booking.supplier_id == second.id)).one()
    holder.slot_id = slot_id
    session.commit()

    cancel(session, leaving.id)
    session.commit()
    session.refresh(waiting)
    assert waiting.status == "confirmed"
    assert waiting.slot_id is None
    promoted = _last_email(session, "c@northfield.example")
    assert "A place came free" in promoted.subject
    assert "Someone else has booked the one-to-one meeting you asked for" in promoted.body_text
    assert "One-to-one meeting:" not in promoted.body_text


def test_two_waiting_for_one_slot_cannot_both_get_it(session, make_event, make_supplier):
    event = summer_event(
        make_event,
        capacity=1,
        places_per_organisation=1,
        slots=[("Sam Patel", utcnow() + timedelta(days=400))],
    )
    slot_id = event.slots[0].id
    first = make_supplier("Riverside Larder", "a@riverside.example")
    leaving = book(session, event.id, first.contacts[0], names=["A One", "A Two"][:1])
    waiters = [
        book(
            session,
            event.id,
            make_supplier(f"Waiting {n}", f"w{n}@example.org").contacts[0],
            names=[f"W {n}"],
            slot_id=slot_id,
        )
        for n in range(2)
    ]
    session.commit()
    event.capacity = 2
    session.commit()
    cancel(session, leaving.id)
    session.commit()
    for booking in waiters:
        session.refresh(booking)
    assert [b.status for b in waiters] == ["confirmed", "confirmed"]
    assert [b.slot_id for b in waiters] == [slot_id, None]


def _last_email(session, to):
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == to)
        .order_by(OutboxMessage.id.desc())
    ).first()
