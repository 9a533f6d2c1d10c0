from datetime import timedelta

from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.events.models import Booking, Event
from app.inbox.models import InboxItem
from tests.conftest import post_form
from tests.suppliers.conftest import last_link


def book(client, event, names, **extra):
    return post_form(client, f"/events/{event.slug}/book", {"names": "\n".join(names), **extra})


def emails_to(session, address):
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()


def test_a_signed_in_supplier_books_places(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event()
    make_supplier("Riverside Larder", "ama@riverside.example")
    supplier_sign_in("ama@riverside.example")
    form = client.get(f"/events/{event.slug}/book")
    assert form.status_code == 200
    response = book(
        client,
        event,
        ["Ama Mensah", "Kofi Mensah"],
        access_needs="Wheelchair user",
        dietary_needs="Vegetarian",
    )
    assert response.status_code == 302, response.text
    booking = session.scalars(select(Booking)).one()
    assert booking.status == "confirmed"
    assert [a.name for a in booking.attendees] == ["Ama Mensah", "Kofi Mensah"]
    assert booking.reference.startswith("EVT-")
    session.refresh(event)
    assert event.places_left == 2

    item = session.scalars(select(InboxItem).where(InboxItem.kind == "event_booking")).one()
    assert item.reference == booking.reference
    # The event's own area's staff see the booking in their inbox.
    assert event.service_area_id is not None
    assert item.service_area_id == event.service_area_id

    confirmation = emails_to(session, "ama@riverside.example")[-1]
    assert "Booking confirmed" in confirmation.subject
    assert f"/events/{event.slug}.ics" in confirmation.body_text
    assert "/events/bookings/" in confirmation.body_text

    page = client.get(response.headers["Location"])
    assert "Booking confirmed" in page.text
    assert "2 / 4" in client.get(f"/events/{event.slug}").text


def test_the_organisation_limit_holds(client, session, make_event, make_supplier, supplier_sign_in):
    event = make_event(places_per_organisation=2)
    make_supplier("Riverside Larder", "ama@riverside.example")
    supplier_sign_in("ama@riverside.example")
    assert book(client, event, ["One"]).status_code == 302
    response = book(client, event, ["Two", "Three"])
    assert response.status_code == 400
    assert "Each organisation can book 2 places at this event" in response.text
    assert "Yours has already booked 1" in response.text
    assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_booking_after_close_is_refused(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event()
    make_supplier("Riverside Larder", "ama@riverside.example")
    supplier_sign_in("ama@riverside.example")
    from tests.conftest import csrf_token

    token = csrf_token(client.get(f"/events/{event.slug}/book").text)
    # Booking closes while the form is open.
    event.booking_closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    response = client.post(
        f"/events/{event.slug}/book", data={"csrf_token": token, "names": "Late Person"}
    )
    assert response.status_code == 400
    assert "Booking is not open" in response.text
    assert client.get(f"/events/{event.slug}/book").status_code == 400
    assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_the_service_refuses_a_booking_after_close(session, make_event, make_supplier):
    import pytest

    from app.events.services import BookingError
    from app.events.services import book as book_service

    event = make_event()
    supplier = make_supplier("Riverside Larder", "ama@riverside.example")
    with pytest.raises(BookingError) as refused:
        book_service(
            session,
            event.id,
            supplier.contacts[0],
            names=["Late"],
            now=event.booking_closes_at + timedelta(seconds=1),
        )
    assert refused.value.code == "closed"


def test_names_are_required(client, session, make_event, make_supplier, supplier_sign_in):
    event = make_event()
    make_supplier("Riverside Larder", "ama@riverside.example")
    supplier_sign_in("ama@riverside.example")
    response = book(client, event, ["  "])
    assert response.status_code == 400
    assert "Enter the name of at least one person coming" in response.text


def test_full_event_waiting_list_and_promotion_on_cancellation(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event(capacity=4, places_per_organisation=2)
    make_supplier("Riverside Larder", "a@riverside.example")
    make_supplier(
        "Hartley Catering",
        "b@hartley.example",
        legal_form="company_by_shares",
        charity_number=None,
        company_number="01234567",
    )
    make_supplier("Northfield Youth Trust", "c@northfield.example")

    supplier_sign_in("a@riverside.example")
    assert book(client, event, ["A One", "A Two"]).status_code == 302
    supplier_sign_in("b@hartley.example")
    assert book(client, event, ["B One", "B Two"]).status_code == 302
    supplier_sign_in("c@northfield.example")
    page = client.get(f"/events/{event.slug}/book")
    assert "This event is full" in page.text
    response = book(client, event, ["C One"])
    assert response.status_code == 302
    waiting = session.scalars(select(Booking).where(Booking.status == "waiting")).one()
    assert "waiting list" in client.get(response.headers["Location"]).text
    assert "On the waiting list" in emails_to(session, "c@northfield.example")[-1].subject

    # Hartley cancels by the emailed link, without signing in.
    client.delete_cookie("session", domain="localhost")
    confirmation = emails_to(session, "b@hartley.example")[-1].body_text
    cancel_path = next(
        line for line in confirmation.splitlines() if "/events/bookings/" in line
    ).replace("http://localhost", "")
    assert "Cancel booking" in client.get(cancel_path).text
    assert post_form(client, cancel_path, {}).status_code == 302

    session.refresh(waiting)
    assert waiting.status == "confirmed"
    assert waiting.promoted_at is not None
    assert "A place came free" in emails_to(session, "c@northfield.example")[-1].subject
    assert "Booking cancelled" in emails_to(session, "b@hartley.example")[-1].subject
    session.refresh(event)
    assert event.places_taken == 3

    # The link does not cancel twice or free places twice.
    assert "already cancelled" in client.get(cancel_path).text
    from app.events.services import cancel

    assert cancel(session, waiting.id - 1) is None
    session.refresh(event)
    assert event.places_taken == 3


def test_a_signed_in_supplier_cancels_from_the_event_page(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event()
    make_supplier("Riverside Larder", "a@riverside.example")
    supplier_sign_in("a@riverside.example")
    book(client, event, ["A One"])
    booking = session.scalars(select(Booking)).one()
    page = client.get(f"/events/{event.slug}")
    assert f"Cancel booking {booking.reference}" in page.text
    response = post_form(
        client,
        f"/events/bookings/{booking.reference}/cancel-signed-in",
        {},
        form_url=f"/events/{event.slug}",
    )
    assert response.status_code == 302
    session.refresh(booking)
    assert booking.status == "cancelled"


def test_another_organisation_cannot_cancel_a_booking(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event()
    make_supplier("Riverside Larder", "a@riverside.example")
    make_supplier("Other Org", "b@other.example")
    supplier_sign_in("a@riverside.example")
    book(client, event, ["A One"])
    booking = session.scalars(select(Booking)).one()
    supplier_sign_in("b@other.example")
    response = post_form(
        client,
        f"/events/bookings/{booking.reference}/cancel-signed-in",
        {},
        form_url="/suppliers/account/profile",
    )
    assert response.status_code == 404
    session.refresh(booking)
    assert booking.status == "confirmed"


def test_the_online_joining_link_is_shown_only_once_booked(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event(format="online", venue=None, joining_link="https://meet.example/abc")
    make_supplier("Riverside Larder", "a@riverside.example")
    supplier_sign_in("a@riverside.example")
    assert "meet.example" not in client.get(f"/events/{event.slug}").text
    book(client, event, ["A One"])
    assert "https://meet.example/abc" in client.get(f"/events/{event.slug}").text
    assert "https://meet.example/abc" in emails_to(session, "a@riverside.example")[-1].body_text


def test_a_one_to_one_slot_can_be_booked_once(
    client, session, make_event, make_supplier, supplier_sign_in
):
    event = make_event(slots=[("Sam Patel", utcnow() + timedelta(days=10, hours=1))])
    slot_id = event.slots[0].id
    make_supplier("Riverside Larder", "a@riverside.example")
    make_supplier("Other Org", "b@other.example")
    supplier_sign_in("a@riverside.example")
    assert "Sam Patel" in client.get(f"/events/{event.slug}/book").text
    assert book(client, event, ["A One"], slot_id=str(slot_id)).status_code == 302
    supplier_sign_in("b@other.example")
    assert "Sam Patel" not in client.get(f"/events/{event.slug}/book").text
    response = book(client, event, ["B One"], slot_id=str(slot_id))
    assert response.status_code == 400


def test_registering_from_the_booking_page_then_signing_in_returns_to_it(
    client, session, area, make_event
):
    from tests.suppliers.conftest import registration

    event = make_event()
    book_path = f"/events/{event.slug}/book"
    response = post_form(
        client,
        f"/suppliers/register?next={book_path}",
        registration(contact_email="new@charity.example"),
    )
    assert response.status_code == 302
    assert "finish your booking" in client.get(response.headers["Location"]).text
    landed = post_form(client, last_link(session), {})
    assert landed.headers["Location"].endswith(book_path)
    assert book(client, event, ["New Person"]).status_code == 302
    assert session.scalar(select(Event.places_taken)) == 1


def test_bookings_and_attendance_show_on_the_account_and_the_supplier_record(
    client, session, make_event, make_supplier, supplier_sign_in, sign_in
):
    from app.events.models import Attendee

    event = make_event(title="Meet the buyer: day opportunities")
    supplier = make_supplier("Riverside Larder", "a@riverside.example")
    supplier_sign_in("a@riverside.example")
    book(client, event, ["Ama Mensah"])
    account = client.get("/suppliers/account")
    assert "Meet the buyer: day opportunities" in account.text
    session.scalars(select(Attendee)).one().attended = True
    session.commit()
    client.delete_cookie("session", domain="localhost")
    sign_in("commissioner")
    record = client.get(f"/inbox/{supplier.inbox_reference}")
    assert "Meet the buyer: day opportunities" in record.text
    assert "Ama Mensah (attended)" in record.text


def test_reminders_go_two_days_before_once(app, session, make_event, make_supplier):
    from app.events.services import book as book_service

    soon = utcnow() + timedelta(days=1)
    event = make_event(
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        booking_closes_at=soon - timedelta(hours=1),
    )
    later = make_event(title="Later event")
    supplier = make_supplier("Riverside Larder", "a@riverside.example")
    book_service(session, event.id, supplier.contacts[0], names=["Ama"])
    book_service(session, later.id, supplier.contacts[0], names=["Ama"])
    session.commit()
    runner = app.test_cli_runner()
    assert "Event reminders queued: 1." in runner.invoke(args=["send-event-reminders"]).output
    assert "Event reminders queued: 0." in runner.invoke(args=["send-event-reminders"]).output
    reminder = emails_to(session, "a@riverside.example")[-1]
    assert reminder.subject == "Reminder: Meet the buyer: home care and support"
