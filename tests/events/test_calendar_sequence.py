"""Calendar files (RFC 5545/5546) that calendar programs act on correctly:
SEQUENCE rises with every change, a booker's copy is a REQUEST addressed to
them, a cancellation outranks it, and a re-booking outranks the cancellation.
Every file is read by two independent parsers, icalendar and vobject."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import vobject
from icalendar import Calendar

from app.core.db import utcnow
from app.events.services import book, cancel, cancel_event, change_status, save_event
from tests.events.conftest import event_data
from tests.events.test_booking_emails import sent_emails


def both(data: bytes) -> dict:
    """What icalendar and vobject each read; the test fails if they disagree."""
    ical = Calendar.from_ical(data)
    [entry] = ical.walk("VEVENT")
    parsed = vobject.readOne(data.decode())
    vevent = parsed.vevent
    read = {
        "method": str(ical["METHOD"]),
        "uid": str(entry["UID"]),
        "sequence": int(entry["SEQUENCE"]),
        "status": str(entry["STATUS"]),
        "dtstamp": entry.decoded("DTSTAMP"),
        "organizer": str(entry["ORGANIZER"]).lower(),
        "attendee": str(entry["ATTENDEE"]).lower() if "ATTENDEE" in entry else None,
    }
    assert {
        "method": parsed.method.value,
        "uid": vevent.uid.value,
        "sequence": int(vevent.sequence.value),
        "status": vevent.status.value,
        "dtstamp": vevent.dtstamp.value,
        "organizer": vevent.organizer.value.lower(),
        "attendee": vevent.attendee.value.lower() if hasattr(vevent, "attendee") else None,
    } == read
    return read


def attached(email) -> dict:
    [attachment] = [a for a in email.iter_attachments() if a.get_filename().endswith(".ics")]
    return both(attachment.get_payload(decode=True))


def emails_with_calendars(session, tmp_path, to: str) -> list[dict]:
    return [
        attached(email)
        for email in sent_emails(session, tmp_path, to)
        if any(a.get_filename().endswith(".ics") for a in email.iter_attachments())
    ]


def test_a_booking_s_file_is_a_request_from_the_council_to_the_booker(
    session, tmp_path, make_event, make_supplier
):
    event = make_event()
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    [request] = emails_with_calendars(session, tmp_path, "ama@riverside.example")
    assert request["method"] == "REQUEST"
    assert request["status"] == "CONFIRMED"
    assert request["attendee"] == "mailto:ama@riverside.example"
    assert request["organizer"] == "mailto:commissioning@elmsworth.gov.example"


def test_cancelling_then_booking_again_raises_the_sequence_each_time(
    session, tmp_path, make_event, make_supplier
):
    event = make_event()
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    first = book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    cancel(session, first.id)
    session.commit()
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()

    booked, cancelled, rebooked = emails_with_calendars(session, tmp_path, "ama@riverside.example")
    assert (booked["method"], cancelled["method"], rebooked["method"]) == (
        "REQUEST",
        "CANCEL",
        "REQUEST",
    )
    assert cancelled["status"] == "CANCELLED"
    assert rebooked["status"] == "CONFIRMED"
    # One event in the calendar throughout: each file must outrank the last.
    assert booked["uid"] == cancelled["uid"] == rebooked["uid"]
    assert booked["sequence"] < cancelled["sequence"] < rebooked["sequence"]


def test_every_change_to_the_event_raises_the_public_file_s_sequence(client, session, make_event):
    event = make_event()

    def public() -> dict:
        return both(client.get(f"/events/{event.slug}.ics").data)

    seen = [public()]
    assert seen[0]["method"] == "PUBLISH"
    assert seen[0]["attendee"] is None
    save_event(session, event, event_data(title="Meet the buyer: home care (new room)"))
    session.commit()
    seen.append(public())
    change_status(session, event, "unpublish")
    change_status(session, event, "publish")
    session.commit()
    seen.append(public())
    cancel_event(session, event)
    session.commit()
    seen.append(public())
    sequences = [s["sequence"] for s in seen]
    assert sequences == sorted(set(sequences)), sequences
    assert seen[-1]["status"] == "CANCELLED"


def test_dtstamp_is_when_the_file_was_made_not_when_the_event_changed(client, session, make_event):
    event = make_event()
    event.updated_at = datetime(2020, 1, 1, tzinfo=UTC)
    session.commit()
    stamp = both(client.get(f"/events/{event.slug}.ics").data)["dtstamp"]
    assert abs(stamp - utcnow()) < timedelta(minutes=1)


def test_an_event_s_cancellation_outranks_each_booker_s_request(
    session, tmp_path, make_event, make_supplier
):
    event = make_event()
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    cancel_event(session, event)
    session.commit()
    booked, cancelled = emails_with_calendars(session, tmp_path, "ama@riverside.example")
    assert cancelled["method"] == "CANCEL"
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["attendee"] == "mailto:ama@riverside.example"
    assert cancelled["sequence"] > booked["sequence"]
