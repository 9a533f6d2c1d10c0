"""Cancelling an event, and publishing it again. The rules:

1. Cancelling asks first, on a page that says how many bookings will be
   cancelled and that each booker is emailed.
2. Cancelling cancels every booking and waiting-list entry, and frees the places.
3. Publishing a cancelled event again does not restore the old bookings.
4. ...but each former booker is emailed, once, that the event is back, with a
   link to book again; someone who had cancelled for themselves is not.
"""

from __future__ import annotations

from sqlalchemy import select

from app.core.outbox.models import OutboxMessage
from app.events.models import CANCELLED, Booking
from app.events.services import book, cancel
from tests.conftest import post_form

BACK = "Event going ahead after all%"


def _booked(session, make_event, make_supplier):
    event = make_event(capacity=2, places_per_organisation=2)
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("Hartley Catering", "b@hartley.example")
    third = make_supplier("Northfield Youth Trust", "c@northfield.example")
    book(session, event.id, first.contacts[0], names=["Ama Mensah", "Kofi Mensah"])
    book(session, event.id, second.contacts[0], names=["Joe Hartley"])  # waiting
    mine = book(session, event.id, third.contacts[0], names=["Cal North"])  # waiting
    session.commit()
    cancel(session, mine.id)  # cancelled for themselves, before the event was
    session.commit()
    return event


def _to(session, subject_like: str) -> list[str]:
    return sorted(
        session.scalars(
            select(OutboxMessage.to_address).where(OutboxMessage.subject.like(subject_like))
        ).all()
    )


def test_rule_1_cancelling_asks_first_and_says_who_will_be_emailed(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked(session, make_event, make_supplier)
    sign_in("commissioner")
    show = client.get(f"/admin/events/{event.id}").text
    assert f'href="/admin/events/{event.id}/cancel"' in show

    # The old one-click button now only leads to the question.
    response = post_form(
        client, f"/admin/events/{event.id}/status/cancel", {}, form_url=f"/admin/events/{event.id}"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/events/{event.id}/cancel")

    page = client.get(f"/admin/events/{event.id}/cancel")
    assert page.status_code == 200
    assert "2 bookings will be cancelled, and each booker emailed." in page.text
    assert "1 confirmed booking: the email has a calendar file" in page.text
    assert "1 on the waiting list." in page.text
    session.refresh(event)
    assert event.status == "published"
    assert _to(session, "Event cancelled%") == []


def test_rule_1_an_event_nobody_booked_says_nobody_will_be_emailed(
    client, session, sign_in, make_event
):
    event = make_event()
    sign_in("commissioner")
    page = client.get(f"/admin/events/{event.id}/cancel")
    assert "Nobody has booked, so nobody will be emailed." in page.text


def test_rule_2_cancelling_cancels_every_booking_and_frees_the_places(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked(session, make_event, make_supplier)
    sign_in("commissioner")
    url = f"/admin/events/{event.id}/cancel"
    response = post_form(client, url, {}, follow_redirects=True)
    assert "Event cancelled. We have emailed 2 bookings to tell them." in response.text
    session.expire_all()
    assert event.status == "cancelled"
    assert event.places_taken == 0
    statuses = session.scalars(select(Booking.status).where(Booking.event_id == event.id)).all()
    assert set(statuses) == {CANCELLED}
    assert _to(session, "Event cancelled%") == ["a@riverside.example", "b@hartley.example"]


def test_rules_3_and_4_publishing_again_keeps_bookings_cancelled_and_tells_former_bookers(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked(session, make_event, make_supplier)
    sign_in("commissioner")
    post_form(client, f"/admin/events/{event.id}/cancel", {})
    response = post_form(
        client,
        f"/admin/events/{event.id}/status/publish",
        {},
        form_url=f"/admin/events/{event.id}",
        follow_redirects=True,
    )
    assert "We have emailed 2 people whose bookings were cancelled" in response.text
    session.expire_all()
    assert event.status == "published"
    # Rule 3: nobody is silently back on the list, and every place is free.
    assert event.places_taken == 0
    statuses = session.scalars(select(Booking.status).where(Booking.event_id == event.id)).all()
    assert set(statuses) == {CANCELLED}
    # Rule 4: each former booker is told, with the link to book again; the
    # organisation that had cancelled for itself is not.
    assert _to(session, BACK) == ["a@riverside.example", "b@hartley.example"]
    body = session.scalar(
        select(OutboxMessage.body_text).where(
            OutboxMessage.subject.like(BACK), OutboxMessage.to_address == "a@riverside.example"
        )
    )
    assert f"/events/{event.slug}" in body
    assert "has not been restored" in body

    # Told once: returning to draft and publishing again emails nobody more.
    for action in ("unpublish", "publish"):
        post_form(
            client,
            f"/admin/events/{event.id}/status/{action}",
            {},
            form_url=f"/admin/events/{event.id}",
        )
    assert len(_to(session, BACK)) == 2


def test_rule_4_a_former_booker_can_book_again(session, make_event, make_supplier):
    from app.events.services import change_status

    event = make_event()
    supplier = make_supplier("Riverside Larder", "a@riverside.example")
    book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    change_status(session, event, "cancel")
    change_status(session, event, "publish")
    session.commit()
    again = book(session, event.id, supplier.contacts[0], names=["Ama Mensah"])
    session.commit()
    assert again.status == "confirmed"
    session.refresh(event)
    assert event.places_taken == 1


def test_rule_1_only_a_published_event_can_be_cancelled(client, session, sign_in, make_event):
    event = make_event(status="draft")
    sign_in("commissioner")
    response = client.get(f"/admin/events/{event.id}/cancel", follow_redirects=True)
    assert "Only a published event can be cancelled." in response.text
    assert (
        post_form(
            client, f"/admin/events/{event.id}/cancel", {}, form_url=f"/admin/events/{event.id}"
        ).status_code
        == 302
    )
    session.refresh(event)
    assert event.status == "draft"
