"""An event's address, its one-to-one slots, and the messages staff send
about it: the attendees' message, reminders and the event's cancellation."""

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
    save_event,
    send_reminders,
)
from tests.events.conftest import event_data


def emails(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Café Ñandú: meet the BUYER!", "cafe-nandu-meet-the-buyer"),
        ("  Home care -- 2027  ", "home-care-2027"),
        ("!!!", "event"),
    ],
)
def test_an_events_address_is_made_from_its_title(session, area, title, slug):
    event = save_event(session, None, event_data(title=title, service_area_id=area.id))
    assert event.slug == slug


def test_a_long_title_gives_an_address_of_at_most_100_characters_not_ending_in_a_dash(
    session, area
):
    title = "a" * 99 + " and more words after the limit"
    event = save_event(session, None, event_data(title=title, service_area_id=area.id))
    assert event.slug == "a" * 99


def test_events_with_the_same_title_get_numbered_addresses(session, area):
    slugs = [save_event(session, None, event_data(service_area_id=area.id)).slug for _ in range(3)]
    base = "meet-the-buyer-home-care-and-support"
    assert slugs == [base, f"{base}-2", f"{base}-3"]


def test_a_new_event_is_a_draft_with_no_places_taken_and_clean_html(session, area):
    event = save_event(session, None, event_data(service_area_id=area.id))
    assert event.status == "draft"
    assert event.places_taken == 0
    assert event.updated_at is not None
    assert "<script>" not in event.description_html
    assert "<p>Hear about our plans for home care.</p>" in event.description_html


def test_an_event_links_to_forward_plan_items_and_can_drop_them(session, make_event, make_plan):
    plan = make_plan()
    event = make_event(plan_item_ids=[plan.id])
    assert event.plan_items == [plan]
    save_event(session, event, {"plan_item_ids": []})
    assert event.plan_items == []


def test_changing_the_slots_keeps_those_unchanged_and_their_bookings(session, make_event, org):
    when = utcnow() + timedelta(days=10)
    event = make_event(slots=[("Sam Patel", when), ("Jo Reed", when)])
    kept = next(s for s in event.slots if s.buyer_name == "Sam Patel")
    booking = book(session, event.id, org(), names=["A1"], slot_id=kept.id)
    session.commit()
    later = when + timedelta(hours=1)
    save_event(
        session,
        event,
        {"slots": [("Sam Patel", when), ("Kit Ng", later), ("Kit Ng", later)]},
    )
    session.commit()
    assert sorted((s.buyer_name, s.starts_at) for s in event.slots) == [
        ("Kit Ng", later),
        ("Sam Patel", when),
    ]
    assert kept in event.slots
    session.refresh(booking)
    assert booking.slot_id == kept.id
    # Saving without a slots field leaves them as they are.
    save_event(session, event, {"title": "Renamed"})
    assert len(event.slots) == 2


def test_free_slots_leave_out_booked_ones_and_come_in_time_order(session, make_event, org):
    soon = utcnow() + timedelta(days=10)
    event = make_event(
        slots=[
            ("Late", soon + timedelta(hours=2)),
            ("Early", soon),
            ("Middle", soon + timedelta(hours=1)),
        ]
    )
    assert [s.buyer_name for s in free_slots(session, event)] == ["Early", "Middle", "Late"]
    middle = next(s for s in event.slots if s.buyer_name == "Middle")
    booking = book(session, event.id, org(), names=["A1"], slot_id=middle.id)
    session.commit()
    assert [s.buyer_name for s in free_slots(session, event)] == ["Early", "Late"]
    cancel(session, booking.id)
    session.commit()
    assert [s.buyer_name for s in free_slots(session, event)] == ["Early", "Middle", "Late"]


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


def test_a_message_to_attendees_reaches_those_with_a_place_each_in_their_language(
    session, make_event, org
):
    event = make_event(capacity=2, places_per_organisation=1)
    book(session, event.id, org(), names=["A1"])
    book(session, event.id, org(locale="cy"), names=["B1"])
    book(session, event.id, org(), names=["C1"])  # waiting
    session.commit()
    before = len(emails(session))
    assert message_attendees(session, event, "Parking", "  Use the rear car park.  ") == 2
    session.commit()
    sent = emails(session)[before:]
    assert [(m.to_address, m.locale, m.subject) for m in sent] == [
        ("a@org.example", "en", "Parking"),
        ("b@org.example", "cy", "Parking"),
    ]
    assert sent[0].body_text.startswith("Use the rear car park.\n")
    assert f"/events/{event.slug}" in sent[0].body_text


def test_a_booking_whose_contact_has_gone_is_written_to_the_organisations_first_contact(
    session, make_event, org
):
    event = make_event()
    contact = org()
    booking = book(session, event.id, contact, names=["A1"])
    session.commit()
    booking.contact = None
    session.commit()
    before = len(emails(session))
    assert message_attendees(session, event, "Parking", "Rear car park.") == 1
    assert [(m.to_address, m.locale) for m in emails(session)[before:]] == [("a@org.example", "en")]


def test_reminders_go_to_events_starting_within_two_days_to_those_with_a_place(
    session, make_event, org
):
    now = utcnow()

    def starting(after, **kwargs):
        return make_event(
            starts_at=now + after,
            ends_at=now + after + timedelta(hours=1),
            booking_opens_at=now - timedelta(days=3),
            booking_closes_at=now + after - timedelta(minutes=1),
            **kwargs,
        )

    edge = starting(timedelta(days=2), title="Two days away", capacity=1)
    beyond = starting(timedelta(days=2, minutes=1), title="Just over two days")
    a, b = org(), org()
    for event in (edge, beyond):
        book(session, event.id, a, names=["A1"], now=now)
    book(session, edge.id, b, names=["B1"], now=now)  # waiting: no reminder
    session.commit()
    before = len(emails(session))
    assert send_reminders(session, now=now) == 1
    session.commit()
    sent = emails(session)[before:]
    assert [(m.to_address, m.subject) for m in sent] == [
        ("a@org.example", "Reminder: Two days away")
    ]
    assert edge.reminders_sent_at == now
    assert beyond.reminders_sent_at is None
    assert send_reminders(session, now=now) == 0
    # One that is starting this minute gets none.
    assert send_reminders(session, now=beyond.starts_at) == 0


def test_cancelling_an_event_tells_everyone_booked_or_waiting(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=1)
    book(session, event.id, org(), names=["A1"])
    book(session, event.id, org(), names=["B1"])
    gone = book(session, event.id, org(), names=["C1"])
    cancel(session, gone.id)
    session.commit()
    before = len(emails(session))
    assert cancel_event(session, event) == 2
    session.commit()
    assert event.status == "cancelled"
    sent = emails(session)[before:]
    assert [m.to_address for m in sent] == ["a@org.example", "b@org.example"]
    # Only the booking with a place had the event in its calendar.
    assert [len(m.attachments) for m in sent] == [1, 0]
