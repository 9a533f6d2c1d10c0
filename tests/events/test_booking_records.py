"""What a booking leaves behind: the inbox item the event's staff read, the
needs it records, emails in the booker's language with links that work
from an inbox, and nothing that spills over to another event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.events.services import (
    book,
    cancel,
    cancel_event,
    free_slots,
    message_attendees,
    register_and_book,
    send_reminders,
)
from app.inbox.models import InboxItem


@pytest.fixture
def org(make_supplier):
    letters = iter("ABCDEFG")

    def build(**overrides):
        letter = next(letters)
        supplier = make_supplier(f"Organisation {letter}", f"{letter.lower()}@org.example")
        for name, value in overrides.items():
            setattr(supplier.contacts[0], name, value)
        return supplier.contacts[0]

    return build


def emails_to(session, to: str) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id)
        )
    )


def test_a_booking_reaches_the_events_inbox_with_who_booked_names_and_needs(
    session, make_event, org
):
    event = make_event()
    when = utcnow() - timedelta(minutes=5)
    booking = book(
        session,
        event.id,
        org(),
        names=["Ama Owusu", "Ben Ode"],
        access_needs="  Wheelchair space  ",
        dietary_needs=" Vegan ",
        now=when,
    )
    session.commit()
    item = session.scalar(select(InboxItem).where(InboxItem.reference == booking.reference))
    assert item.kind == "event_booking"
    assert item.subject == f"{event.title}: Organisation A"
    assert item.service_area_id == event.service_area_id
    assert (item.submitter_name, item.submitter_email) == (
        "Organisation A contact",
        "a@org.example",
    )
    assert item.submitter_locale == "en"
    assert item.body_text == "Ama Owusu\nBen Ode\nWheelchair space\nVegan"
    assert item.received_at == when
    assert booking.created_at == when
    assert (booking.access_needs, booking.dietary_needs) == ("Wheelchair space", "Vegan")
    assert [a.name for a in booking.attendees] == ["Ama Owusu", "Ben Ode"]


def test_a_booking_without_needs_records_none(session, make_event, org):
    booking = book(session, make_event().id, org(), names=["Ama Owusu"])
    session.commit()
    assert (booking.access_needs, booking.dietary_needs) == ("", "")
    item = session.scalar(select(InboxItem).where(InboxItem.reference == booking.reference))
    assert item.body_text == "Ama Owusu"


def test_a_welsh_booker_is_written_to_in_welsh_under_the_bookings_reference(
    session, make_event, org
):
    booking = book(session, make_event().id, org(locale="cy"), names=["Ama"], locale="cy")
    session.commit()
    email = emails_to(session, "a@org.example")[-1]
    assert email.locale == "cy"
    assert email.reference == booking.reference
    item = session.scalar(select(InboxItem).where(InboxItem.reference == booking.reference))
    assert item.submitter_locale == "cy"


def test_without_a_language_given_the_booking_email_is_in_english(session, make_event, org):
    book(session, make_event().id, org(), names=["Ama"])
    session.commit()
    assert emails_to(session, "a@org.example")[-1].locale == "en"


def test_emails_sent_while_answering_a_page_carry_full_links(app, session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=1)
    first, second = org(), org()
    # The views book and cancel inside a request, where links would otherwise be relative.
    with app.test_request_context(f"/events/{event.slug}/book"):
        leaving = book(session, event.id, first, names=["Ama"])
        book(session, event.id, second, names=["Ben"])
        cancel(session, leaving.id)
        message_attendees(session, event, "Parking", "Use the rear car park.")
    session.commit()
    base = "http://localhost"
    confirmed, cancelled = emails_to(session, "a@org.example")[-2:]
    assert f"{base}/events/{event.slug}\n" in confirmed.body_text
    assert f"{base}/events/{event.slug}.ics" in confirmed.body_text
    assert f"{base}/events/bookings/" in confirmed.body_text
    assert f"{base}/events/{event.slug}\n" in cancelled.body_text
    _waiting, promoted, message = emails_to(session, "b@org.example")[-3:]
    assert f"{base}/suppliers/account" in promoted.body_text
    assert f"{base}/events/{event.slug}.ics" in promoted.body_text
    assert f"{base}/events/{event.slug}\n" in message.body_text
    assert f"{event.title}\n" in message.body_text
    assert message.reference == promoted.reference


def test_registering_and_booking_together_passes_on_everything_asked(session, make_event):
    event = make_event(slots=[("Sam Patel", utcnow() + timedelta(days=10))])
    slot_id = event.slots[0].id
    when = utcnow() - timedelta(minutes=1)
    profile = {
        "name": "Coldwater Arts",
        "legal_form": "registered_charity",
        "charity_number": "1177001",
        "company_number": None,
        "cdp_id": None,
        "staff_count": 3,
        "volunteer_count": 8,
        "turnover_band": "under_100k",
        "balance_sheet_band": None,
        "is_vcse": True,
        "postcode": "EW2 1AA",
        "service_area_slugs": [],
        "cpv_divisions": [],
        "alert_frequency": "weekly",
        "news_opt_in": False,
    }
    contact = {"name": "Dee Lane", "email": "dee@coldwater.example", "phone": None}
    supplier, booking = register_and_book(
        session,
        event.id,
        profile,
        contact,
        names=["Dee Lane", "Eli Lane"],
        access_needs="Hearing loop",
        dietary_needs="Halal",
        slot_id=slot_id,
        locale="cy",
        now=when,
    )
    session.commit()
    assert supplier.name == "Coldwater Arts"
    assert booking.supplier_id == supplier.id
    assert booking.contact == supplier.contacts[0]
    assert [a.name for a in booking.attendees] == ["Dee Lane", "Eli Lane"]
    assert (booking.access_needs, booking.dietary_needs) == ("Hearing loop", "Halal")
    assert booking.slot_id == slot_id
    assert booking.created_at == when
    assert [m.locale for m in emails_to(session, "dee@coldwater.example")] == ["cy", "cy"]


def test_registering_and_booking_needs_no_extras(session, make_event):
    event = make_event()
    profile = {
        "name": "Coldwater Arts",
        "legal_form": "registered_charity",
        "charity_number": "1177002",
        "staff_count": 3,
        "volunteer_count": 8,
        "turnover_band": "under_100k",
        "is_vcse": True,
        "postcode": "EW2 1AA",
        "service_area_slugs": [],
        "cpv_divisions": [],
        "alert_frequency": "weekly",
    }
    contact = {"name": "Dee Lane", "email": "dee@coldwater.example", "phone": None}
    _supplier, booking = register_and_book(session, event.id, profile, contact, names=["Dee"])
    session.commit()
    assert (booking.access_needs, booking.dietary_needs, booking.slot_id) == ("", "", None)
    assert [m.locale for m in emails_to(session, "dee@coldwater.example")] == ["en", "en"]


def test_another_events_bookings_never_count_here(session, make_event, org):
    here = make_event(title="Here", capacity=1, places_per_organisation=1)
    there = make_event(
        title="There",
        capacity=1,
        places_per_organisation=1,
        slots=[("Sam Patel", utcnow() + timedelta(days=10))],
    )
    a, b = org(), org()
    slot_id = there.slots[0].id
    book(session, there.id, a, names=["Ama"], slot_id=slot_id)
    waiting_there = book(session, there.id, b, names=["Ben"])
    # A holds a place there, yet may book here; the slot there is not taken here.
    mine = book(session, here.id, a, names=["Ama"])
    session.commit()
    assert mine.status == "confirmed"
    assert free_slots(session, here) == []
    assert free_slots(session, there) == []
    # A place freed here moves nobody up from there's waiting list.
    cancel(session, mine.id)
    session.commit()
    session.refresh(waiting_there)
    assert waiting_there.status == "waiting"
    # Cancelling here takes it out of A's calendar though A is still booked there.
    assert len(emails_to(session, "a@org.example")[-1].attachments) == 1
    # Messages and the cancellation of this event reach only its own bookers.
    book(session, here.id, b, names=["Ben"])
    session.commit()
    assert message_attendees(session, here, "Parking", "Rear car park.") == 1
    assert cancel_event(session, here) == 1
    session.commit()
    assert "Event cancelled: There" not in [m.subject for m in emails_to(session, "a@org.example")]


def test_another_organisations_place_does_not_keep_the_event_in_my_calendar(
    session, make_event, org
):
    event = make_event(capacity=4, places_per_organisation=2)
    a = org()
    mine = book(session, event.id, a, names=["Ama"])
    book(session, event.id, org(), names=["Ben"])
    session.commit()
    cancel(session, mine.id)
    session.commit()
    cancelled = emails_to(session, "a@org.example")[-1]
    assert len(cancelled.attachments) == 1
    assert "take the event out of your calendar" in cancelled.body_text


def test_my_waiting_entry_does_not_keep_the_event_in_my_calendar(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=2)
    a = org()
    mine = book(session, event.id, a, names=["Ama"])
    book(session, event.id, a, names=["Ama's colleague"])  # waiting
    session.commit()
    cancel(session, mine.id)
    session.commit()
    # The waiting entry was then promoted; the cancellation came first, with the removal.
    cancelled = next(m for m in emails_to(session, "a@org.example") if "cancelled" in m.subject)
    assert len(cancelled.attachments) == 1


def test_a_cancelled_booking_lets_go_of_its_slot_and_promotion_keeps_the_time_given(
    session, make_event, org
):
    event = make_event(capacity=1, slots=[("Sam Patel", utcnow() + timedelta(days=10))])
    leaving = book(session, event.id, org(), names=["Ama"], slot_id=event.slots[0].id)
    waiting = book(session, event.id, org(), names=["Ben"])
    session.commit()
    when = utcnow()
    cancel(session, leaving.id, now=when)
    session.commit()
    assert leaving.slot_id is None
    assert leaving.cancelled_at == when
    session.refresh(waiting)
    assert waiting.promoted_at == when


def test_cancelling_an_event_says_which_bookings_had_it_in_their_calendar(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=1)
    book(session, event.id, org(), names=["Ama"])
    book(session, event.id, org(), names=["Ben"])
    session.commit()
    cancel_event(session, event)
    session.commit()
    removal = "take the event out of your calendar"
    assert removal in emails_to(session, "a@org.example")[-1].body_text
    assert removal not in emails_to(session, "b@org.example")[-1].body_text


def test_each_booking_gets_a_reminder_but_not_for_an_unpublished_event(session, make_event, org):
    now = utcnow()
    soon = {
        "starts_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=1, hours=1),
        "booking_opens_at": now - timedelta(days=3),
        "booking_closes_at": now + timedelta(hours=20),
    }
    event = make_event(title="Soon", capacity=5, places_per_organisation=2, **soon)
    off = make_event(title="Called off", **soon)
    a, b = org(), org()
    book(session, event.id, a, names=["Ama"], now=now)
    book(session, event.id, b, names=["Ben"], now=now)
    book(session, off.id, a, names=["Ama"], now=now)
    off.status = "cancelled"
    session.commit()
    assert send_reminders(session, now=now) == 2
    assert off.reminders_sent_at is None


def test_a_booking_whose_organisation_has_no_contact_left_is_skipped_not_the_rest(
    session, make_event, org
):
    event = make_event(capacity=4, places_per_organisation=1)
    gone = org()
    book(session, event.id, gone, names=["Ama"])
    book(session, event.id, org(), names=["Ben"])
    session.commit()
    session.delete(gone)
    session.commit()
    assert message_attendees(session, event, "Parking", "Rear car park.") == 1
    assert emails_to(session, "b@org.example")[-1].subject == "Parking"
