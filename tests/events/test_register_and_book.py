"""A visitor new to the supplier register registers and books a place with
one form: both are saved together, or, when anything is refused, nothing is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.outbox.models import OutboxAttachment, OutboxMessage
from app.events.models import Attendee, Booking
from app.inbox.models import InboxItem
from app.suppliers.models import Supplier, SupplierContact
from tests.conftest import csrf_token, post_form
from tests.suppliers.conftest import registration

EMAIL = "priya@northfield-larder.org.example"


def answers(**overrides) -> dict:
    booking = {
        "names": "Priya Okafor\nSam Okafor",
        "access_needs": "Step-free access",
        "dietary_needs": "Vegan",
    }
    booking.update({k: v for k, v in overrides.items() if k in booking or k == "slot_id"})
    return registration(**{k: v for k, v in overrides.items() if k not in booking}) | booking


def path(event) -> str:
    return f"/events/{event.slug}/book/register"


def counts(session) -> dict:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (
            Supplier,
            SupplierContact,
            Booking,
            Attendee,
            InboxItem,
            OutboxMessage,
            OutboxAttachment,
        )
    }


def test_a_new_organisation_registers_and_books_in_one_go(client, session, area, make_event):
    event = make_event()
    choice = client.get(f"/events/{event.slug}/book")
    assert "I’m new: register and book" in choice.text
    assert path(event) in choice.text
    assert "Sign in to your supplier account" in choice.text
    assert client.get(path(event)).status_code == 200

    response = post_form(client, path(event), answers())
    assert response.status_code == 302, response.text

    supplier = session.scalars(select(Supplier)).one()
    assert supplier.name == "Northfield Community Larder"
    assert supplier.charity_number == "1187654"
    [contact] = supplier.contacts
    assert contact.email == EMAIL
    booking = session.scalars(select(Booking)).one()
    assert booking.status == "confirmed"
    assert booking.supplier_id == supplier.id
    assert booking.contact_id == contact.id
    assert [a.name for a in booking.attendees] == ["Priya Okafor", "Sam Okafor"]
    assert booking.access_needs == "Step-free access"
    kinds = dict(session.execute(select(InboxItem.reference, InboxItem.kind)).all())
    assert kinds == {
        supplier.inbox_reference: "supplier_registration",
        booking.reference: "event_booking",
    }

    emails = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == EMAIL).order_by(OutboxMessage.id)
    ).all()
    assert [m.subject.split(":")[0].split(" (")[0] for m in emails] == [
        "You are on the supplier register",
        "Booking confirmed",
    ]
    confirmation = emails[-1]
    assert "/events/bookings/" in confirmation.body_text
    assert [a.filename for a in confirmation.attachments] == [f"{event.slug}.ics"]

    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert booking.reference in page.text
    assert supplier.inbox_reference in page.text
    assert "Use the link in that email to cancel the booking" in page.text
    assert EMAIL in page.text
    # Not signed in: the email address is not proven yet.
    assert client.get("/suppliers/account").status_code == 302
    session.refresh(event)
    assert event.places_taken == 2


def test_a_full_event_puts_the_new_organisation_on_the_waiting_list(
    client, session, area, make_event
):
    event = make_event(capacity=0)
    form = client.get(path(event))
    assert "This event is full" in form.text
    assert "Register and join the waiting list" in form.text
    response = post_form(client, path(event), answers())
    assert response.status_code == 302
    assert session.scalars(select(Booking)).one().status == "waiting"
    assert session.scalar(select(func.count()).select_from(Supplier)) == 1
    page = client.get(response.headers["Location"]).text
    assert "You are on the waiting list" in page
    assert "Use the link in that email to leave the waiting list" in page


def test_the_one_to_one_slot_is_booked_with_the_place(client, session, area, make_event):
    event = make_event(slots=[("Sam Patel", utcnow() + timedelta(days=10, hours=1))])
    slot_id = event.slots[0].id
    assert "Sam Patel" in client.get(path(event)).text
    response = post_form(client, path(event), answers(slot_id=str(slot_id)))
    assert response.status_code == 302
    assert session.scalars(select(Booking)).one().slot_id == slot_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"charity_number": "12AB"}, "Enter a charity number in the correct format"),
        ({"company_number": "XX1"}, "Enter a Companies House number in the correct format"),
        ({"staff_count": "lots"}, "Number of paid staff must be a whole number"),
        ({"volunteer_count": "-3"}, "Number of volunteers must be a whole number"),
        ({"postcode": "nowhere"}, "Enter a real postcode"),
        ({"contact_email": "not an email"}, "Enter an email address in the correct format"),
        ({"names": "  "}, "Enter the name of at least one person coming"),
        ({"names": "One\nTwo\nThree"}, "Each organisation can book 2 places at this event"),
        ({"slot_id": "999"}, "Select one of the options"),
        ({"legal_form": "pirate"}, "Select one of the options"),
    ],
)
def test_bad_answers_save_nothing_and_are_kept(
    client, session, area, make_event, overrides, message
):
    event = make_event()
    before = counts(session)
    response = post_form(client, path(event), answers(**overrides))
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text
    assert 'value="Northfield Community Larder"' in response.text
    assert "Step-free access" in response.text
    assert counts(session) == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "This email address is already registered"),
        (
            {"contact_email": "someone.else@example.org"},
            "this charity number is already registered",
        ),
    ],
)
def test_a_duplicate_registration_is_pointed_at_sign_in(
    client, session, area, make_event, make_supplier, overrides, message
):
    event = make_event()
    make_supplier("Northfield Community Larder", EMAIL, charity_number="1187654")
    before = counts(session)
    response = post_form(client, path(event), answers(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert "Sign in to book" in response.text
    assert f"/suppliers/sign-in?next=/events/{event.slug}/book" in response.text.replace("%2F", "/")
    assert counts(session) == before


def test_booking_closing_while_the_form_is_open_saves_nothing(client, session, area, make_event):
    event = make_event()
    token = csrf_token(client.get(path(event)).text)
    event.booking_closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    before = counts(session)
    response = client.post(path(event), data={"csrf_token": token, **answers()})
    assert response.status_code == 400
    assert "Booking is not open" in response.text
    assert counts(session) == before


def test_a_refused_booking_after_checks_pass_rolls_back_the_registration(
    client, session, area, make_event, make_supplier, supplier_sign_in
):
    """The slot goes to someone else between loading the form and sending it:
    the registration, its inbox item and email are undone with the booking."""
    event = make_event(slots=[("Sam Patel", utcnow() + timedelta(days=10, hours=1))])
    slot_id = event.slots[0].id
    token = csrf_token(client.get(path(event)).text)

    from app.events.services import book

    other = make_supplier("Other Org", "b@other.example")
    book(session, event.id, other.contacts[0], names=["B One"], slot_id=slot_id)
    session.commit()
    before = counts(session)
    response = client.post(path(event), data={"csrf_token": token, **answers(slot_id=str(slot_id))})
    assert response.status_code == 400
    assert counts(session) == before
    assert 'value="Northfield Community Larder"' in response.text


def test_the_service_leaves_nothing_when_the_booking_is_refused(app, session, area, make_event):
    from app.events.services import BookingError, register_and_book

    event = make_event(places_per_organisation=1)
    before = counts(session)
    profile = {
        "name": "Northfield Community Larder",
        "legal_form": "cio",
        "charity_number": "1187654",
        "company_number": None,
        "cdp_id": None,
        "staff_count": 4,
        "volunteer_count": 35,
        "turnover_band": "100k_to_1m",
        "balance_sheet_band": None,
        "is_vcse": True,
        "postcode": "EW3 4HQ",
        "service_area_slugs": [],
        "cpv_divisions": [],
        "alert_frequency": "weekly",
        "news_opt_in": False,
    }
    contact = {"name": "Priya Okafor", "email": EMAIL, "phone": None}
    with pytest.raises(BookingError) as refused:
        register_and_book(session, event.id, profile, contact, names=["One", "Two"])
    assert refused.value.code == "organisation_limit"
    session.rollback()
    assert counts(session) == before


def test_a_signed_in_supplier_goes_to_the_ordinary_booking_form(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event()
    make_supplier("Riverside Larder", "ama@riverside.example")
    supplier_sign_in("ama@riverside.example")
    response = client.get(path(event))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/events/{event.slug}/book")


def test_only_the_browser_that_booked_sees_the_confirmation(client, session, area, make_event):
    event = make_event()
    response = post_form(client, path(event), answers())
    confirmation = response.headers["Location"]
    assert client.get(confirmation).status_code == 200
    client.delete_cookie("session", domain="localhost")
    assert client.get(confirmation).status_code == 404


def test_a_draft_or_closed_event_cannot_be_registered_for(client, session, area, make_event):
    draft = make_event(status="draft")
    assert client.get(path(draft)).status_code == 404
    closed = make_event(title="Closed", booking_closes_at=utcnow() - timedelta(days=1))
    assert client.get(path(closed)).status_code == 400


def test_register_and_book_is_rate_limited(app, client, session, area, make_event, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "2 per minute")
    event = make_event()
    token = csrf_token(client.get(path(event)).text)
    statuses = [
        client.post(path(event), data={"csrf_token": token, "names": ""}).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
