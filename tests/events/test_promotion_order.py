"""Places at an event: who gets one, who waits, in what order the waiting
list moves up, and what an organisation's limit counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.events.models import Booking
from app.events.services import BookingError, book, booking_open, cancel, promote


@pytest.fixture
def org(make_supplier):
    """A new organisation's contact each call: A, B, C..."""
    letters = iter("ABCDEFG")

    def build():
        letter = next(letters)
        supplier = make_supplier(f"Organisation {letter}", f"{letter.lower()}@org.example")
        return supplier.contacts[0]

    return build


def places(session, event) -> int:
    session.refresh(event)
    return event.places_taken


def status(session, booking) -> str:
    session.refresh(booking)
    return booking.status


def test_a_later_smaller_waiting_booking_is_not_promoted_ahead_of_an_earlier_one(
    session, make_event, org
):
    event = make_event(capacity=4, places_per_organisation=3)
    big = book(session, event.id, org(), names=["A1", "A2", "A3"])
    small = book(session, event.id, org(), names=["B1"])
    first = book(session, event.id, org(), names=["C1", "C2"])
    second = book(session, event.id, org(), names=["D1"])
    session.commit()
    assert [b.status for b in (big, small, first, second)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]

    # One place comes free: not enough for C's two, and D must not jump the queue.
    cancel(session, small.id)
    session.commit()
    assert status(session, first) == "waiting"
    assert status(session, second) == "waiting"
    assert places(session, event) == 3

    # Four come free: C then D, in the order they asked.
    cancel(session, big.id)
    session.commit()
    assert status(session, first) == "confirmed"
    assert status(session, second) == "confirmed"
    assert first.promoted_at is not None
    assert places(session, event) == 3


def test_promotion_fills_the_places_exactly_and_stops_at_the_first_that_does_not_fit(
    session, make_event, org
):
    event = make_event(capacity=3, places_per_organisation=3)
    leaving = book(session, event.id, org(), names=["A1", "A2", "A3"])
    waiting = [book(session, event.id, org(), names=[f"W{n}"]) for n in range(4)]
    session.commit()
    cancel(session, leaving.id)
    session.commit()
    assert [status(session, b) for b in waiting] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert places(session, event) == 3


def test_promote_returns_whom_it_moved_up_and_emails_them(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=1)
    book(session, event.id, org(), names=["A1"])
    waiting = book(session, event.id, org(), names=["B1"])
    session.commit()
    assert promote(session, event) == []
    event.capacity = 2
    session.flush()
    assert promote(session, event) == [waiting]
    assert waiting.status == "confirmed"
    assert waiting.promoted_at is not None
    email = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert email.to_address == "b@org.example"
    assert "A place came free" in email.subject


def test_cancelling_a_waiting_entry_frees_no_place_and_moves_nobody_up(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=1)
    book(session, event.id, org(), names=["A1"])
    leaving = book(session, event.id, org(), names=["B1"])
    staying = book(session, event.id, org(), names=["C1"])
    session.commit()
    assert cancel(session, leaving.id) is leaving
    session.commit()
    assert leaving.status == "cancelled"
    assert leaving.cancelled_at is not None
    assert status(session, staying) == "waiting"
    assert places(session, event) == 1
    assert cancel(session, leaving.id) is None


def test_cancelling_a_confirmed_booking_gives_its_places_back(session, make_event, org):
    event = make_event(capacity=4, places_per_organisation=2)
    booking = book(session, event.id, org(), names=["A1", "A2"])
    session.commit()
    assert places(session, event) == 2
    cancel(session, booking.id)
    session.commit()
    assert places(session, event) == 0
    assert status(session, booking) == "cancelled"


def test_the_last_place_is_a_place_and_the_next_booking_waits(session, make_event, org):
    event = make_event(capacity=3, places_per_organisation=2)
    book(session, event.id, org(), names=["A1"])
    last = book(session, event.id, org(), names=["B1", "B2"])
    over = book(session, event.id, org(), names=["C1"])
    session.commit()
    assert last.status == "confirmed"
    assert over.status == "waiting"
    assert places(session, event) == 3
    subjects = [
        m.subject for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]
    assert "On the waiting list" in subjects[-1]
    assert "On the waiting list" not in subjects[-2]


def test_waiting_list_places_count_towards_an_organisations_limit(session, make_event, org):
    event = make_event(capacity=1, places_per_organisation=2)
    book(session, event.id, org(), names=["A1"])
    contact = org()
    waiting = book(session, event.id, contact, names=["B1", "B2"])
    session.commit()
    assert waiting.status == "waiting"
    with pytest.raises(BookingError) as refused:
        book(session, event.id, contact, names=["B3"])
    assert refused.value.code == "organisation_limit"
    assert refused.value.details == {"limit": 2, "held": 2}


def test_an_organisation_may_book_up_to_its_limit_in_several_bookings(session, make_event, org):
    event = make_event(capacity=10, places_per_organisation=3)
    contact = org()
    book(session, event.id, contact, names=["A1"])
    book(session, event.id, contact, names=["A2", "A3"])
    session.commit()
    with pytest.raises(BookingError) as refused:
        book(session, event.id, contact, names=["A4"])
    assert refused.value.details == {"limit": 3, "held": 3}
    # Another organisation has its own limit.
    assert book(session, event.id, org(), names=["B1", "B2", "B3"]).status == "confirmed"


def test_cancelled_places_do_not_count_towards_the_limit(session, make_event, org):
    event = make_event(capacity=10, places_per_organisation=2)
    contact = org()
    booking = book(session, event.id, contact, names=["A1", "A2"])
    session.commit()
    cancel(session, booking.id)
    session.commit()
    assert book(session, event.id, contact, names=["A3", "A4"]).status == "confirmed"


def test_a_booking_needs_at_least_one_name(session, make_event, org):
    event = make_event()
    with pytest.raises(BookingError) as refused:
        book(session, event.id, org(), names=[])
    assert refused.value.code == "no_names"


def test_booking_opens_and_closes_on_the_minute(make_event):
    event = make_event()
    assert booking_open(event, event.booking_opens_at)
    assert not booking_open(event, event.booking_opens_at - timedelta(seconds=1))
    assert booking_open(event, event.booking_closes_at - timedelta(seconds=1))
    assert not booking_open(event, event.booking_closes_at)
    assert booking_open(event)


def test_booking_stops_when_the_event_starts_even_if_not_yet_closed(make_event):
    now = utcnow()
    event = make_event(
        starts_at=now + timedelta(hours=1), booking_closes_at=now + timedelta(hours=5)
    )
    assert booking_open(event, now + timedelta(minutes=59))
    assert not booking_open(event, event.starts_at)


@pytest.mark.parametrize("state", ["draft", "cancelled"])
def test_only_a_published_event_takes_bookings(make_event, state):
    assert not booking_open(make_event(status=state))


def test_a_booked_slot_is_refused_to_the_next_organisation(session, make_event, org):
    event = make_event(capacity=4, slots=[("Sam Patel", utcnow() + timedelta(days=10))])
    slot_id = event.slots[0].id
    first = book(session, event.id, org(), names=["A1"], slot_id=slot_id)
    session.commit()
    assert first.slot_id == slot_id
    with pytest.raises(BookingError) as refused:
        book(session, event.id, org(), names=["B1"], slot_id=slot_id)
    assert refused.value.code == "slot_taken"
    assert session.scalar(select(Booking).where(Booking.contact_id != first.contact_id)) is None
