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


def _edit(session, event, **changes):
    """Save the event as the staff form would, with only `changes` different."""
    data = event_data(
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue=event.venue,
        booking_opens_at=event.booking_opens_at,
        booking_closes_at=event.booking_closes_at,
    )
    data.update(changes)
    save_event(session, event, data)
    session.commit()


def test_moving_an_event_sends_each_booker_a_request_that_outranks_their_last_file(
    session, tmp_path, make_event, make_supplier
):
    """RFC 5546 2.1.4: an organiser's revised REQUEST with a higher SEQUENCE
    replaces the copy a calendar holds; one is emailed for each change of
    time, place or title, and only to people with a confirmed booking."""
    event = make_event()
    ama = make_supplier("Riverside Larder", "ama@riverside.example")
    ben = make_supplier("Hillside Meals", "ben@hillside.example")
    book(session, event.id, ama.contacts[0], names=["Ama Mensah"])
    session.commit()
    cancelled = book(session, event.id, ben.contacts[0], names=["Ben Okafor"])
    session.commit()
    cancel(session, cancelled.id)
    session.commit()

    _edit(session, event, starts_at=event.starts_at + timedelta(hours=1))
    _edit(session, event, venue="Elmsworth Library, Church Lane, Elmsworth EW1 2BB")
    _edit(session, event, title="Meet the buyer: home care (new title)")
    # Nothing a calendar shows changed: nobody is emailed.
    _edit(session, event, accessibility="Lift to the first floor.")

    booked, *changes = emails_with_calendars(session, tmp_path, "ama@riverside.example")
    assert len(changes) == 3
    assert {c["method"] for c in changes} == {"REQUEST"}
    assert {c["status"] for c in changes} == {"CONFIRMED"}
    assert {c["uid"] for c in changes} == {booked["uid"]}
    assert {c["attendee"] for c in changes} == {"mailto:ama@riverside.example"}
    sequences = [booked["sequence"]] + [c["sequence"] for c in changes]
    assert sequences == sorted(set(sequences)), sequences

    mails = sent_emails(session, tmp_path, "ama@riverside.example")
    moved, venue, renamed = [m for m in mails if "Event changed:" in m["Subject"]]
    assert "The time has changed." in moved.get_body().get_content()
    assert "Elmsworth Library" in venue.get_body().get_content()
    renamed_text = renamed.get_body().get_content()
    assert "It was called: Meet the buyer: home care and support" in renamed_text
    # Ben cancelled before the changes: his last file (the CANCEL) stands.
    ben_files = emails_with_calendars(session, tmp_path, "ben@hillside.example")
    assert [f["method"] for f in ben_files] == ["REQUEST", "CANCEL"]


def test_the_new_file_carries_the_new_time_in_both_parsers(
    session, tmp_path, make_event, make_supplier
):
    event = make_event()
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    new_start = (event.starts_at + timedelta(days=1)).replace(microsecond=0)
    _edit(session, event, starts_at=new_start, ends_at=new_start + timedelta(hours=2))
    last = sent_emails(session, tmp_path, "ama@riverside.example")[-1]
    [attachment] = [a for a in last.iter_attachments() if a.get_filename().endswith(".ics")]
    data = attachment.get_payload(decode=True)
    [entry] = Calendar.from_ical(data).walk("VEVENT")
    assert entry.decoded("DTSTART") == new_start
    assert vobject.readOne(data.decode()).vevent.dtstart.value == new_start
