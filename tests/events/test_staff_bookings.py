"""Staff add, move and cancel bookings for someone, and check people in on the day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.events.models import CANCELLED, CONFIRMED, WAITING, Attendee, Booking, Event
from app.events.services import book
from app.suppliers.models import SupplierContact
from tests.conftest import post_form
from tests.events.test_admin import _limit_to


@pytest.fixture
def housing(session):
    from app.core.models import ServiceArea

    found = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(found)
    session.commit()
    return found


def _mail_to(session, address: str) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )


def _actions(session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _add(client, event, **fields):
    data = {
        "name": "Rhian Pritchard",
        "email": "Rhian@Larder.example",
        "organisation": "riverside larder",
        "names": "",
        "locale": "cy",
        **fields,
    }
    return post_form(client, f"/admin/events/{event.id}/bookings/new", data)


def test_staff_book_for_a_new_person_at_a_registered_organisation(
    client, session, sign_in, make_event, make_supplier
):
    event = make_event(capacity=3)
    supplier = make_supplier("Riverside Larder", "office@larder.example")
    sign_in("commissioner")
    response = _add(client, event, names="Rhian Pritchard\nOwen Jones")
    assert response.status_code == 302, response.text
    booking = session.scalars(select(Booking)).one()
    assert booking.status == CONFIRMED
    assert booking.supplier_id == supplier.id
    assert [a.name for a in booking.attendees] == ["Rhian Pritchard", "Owen Jones"]
    # The person joins the organisation's contacts, with their language.
    contact = session.scalar(
        select(SupplierContact).where(SupplierContact.email == "rhian@larder.example")
    )
    assert contact.supplier_id == supplier.id
    assert contact.locale == "cy"
    session.refresh(event)
    assert event.places_taken == 2
    (mail,) = _mail_to(session, "rhian@larder.example")
    assert mail.locale == "cy"
    assert booking.reference in mail.subject
    assert "event.booking_added_by_staff" in _actions(session)


def test_a_staff_booking_follows_the_public_capacity_and_waiting_list_rules(
    client, session, sign_in, make_event, make_supplier
):
    event = make_event(capacity=2, places_per_organisation=2)
    make_supplier("Riverside Larder", "office@larder.example")
    make_supplier("Hartley Catering", "joe@hartley.example")
    sign_in("commissioner")
    assert _add(client, event, names="A One\nA Two").status_code == 302
    # The organisation is at its limit: a third place is refused, nothing saved.
    refused = _add(client, event, email="office@larder.example", names="A Three")
    assert refused.status_code == 400
    assert "Each organisation can book 2 places" in refused.text
    assert session.scalar(select(func.count()).select_from(Booking)) == 1
    # Another organisation finds the event full and waits.
    waiting = _add(
        client, event, name="Joe", email="joe@hartley.example", organisation="Hartley Catering"
    )
    assert waiting.status_code == 302
    assert session.scalars(select(Booking.status).order_by(Booking.id)).all() == [
        CONFIRMED,
        WAITING,
    ]


def test_an_unknown_organisation_or_someone_elses_address_is_explained(
    client, session, sign_in, make_event, make_supplier
):
    event = make_event()
    make_supplier("Riverside Larder", "office@larder.example")
    make_supplier("Hartley Catering", "joe@hartley.example")
    sign_in("commissioner")
    unknown = _add(client, event, organisation="Nobody Ltd")
    assert "no organisation of that name on the supplier register" in unknown.text
    elsewhere = _add(client, event, email="joe@hartley.example")
    assert "belongs to someone at Hartley Catering" in elsewhere.text
    bad = _add(client, event, email="not-an-address")
    assert "Enter an email address in the correct format" in bad.text
    assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_staff_can_book_after_online_booking_closes_until_the_event_ends(
    client, session, sign_in, make_event, make_supplier
):
    now = utcnow()
    event = make_event(
        booking_closes_at=now - timedelta(hours=1),
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
    )
    make_supplier("Riverside Larder", "office@larder.example")
    sign_in("commissioner")
    assert _add(client, event).status_code == 302
    ended = make_event(starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    refused = _add(client, ended, email="office@larder.example")
    assert "not taking bookings" in refused.text


def test_a_viewer_cannot_add_move_or_cancel(client, session, sign_in, make_event, make_supplier):
    event = make_event()
    supplier = make_supplier("Riverside Larder", "office@larder.example")
    booking = book(session, event.id, supplier.contacts[0], names=["Ama"])
    session.commit()
    sign_in("viewer")
    for url in ("bookings/new", f"bookings/{booking.id}/move", f"bookings/{booking.id}/cancel"):
        assert client.get(f"/admin/events/{event.id}/{url}").status_code == 403, url


def test_staff_move_a_booking_to_another_date_keeping_capacity_on_both(
    client, session, sign_in, make_event, make_supplier
):
    first = make_event(capacity=2)
    later = make_event(
        capacity=2,
        starts_at=utcnow() + timedelta(days=20),
        ends_at=utcnow() + timedelta(days=20, hours=2),
    )
    ama = make_supplier("Riverside Larder", "office@larder.example")
    joe = make_supplier("Hartley Catering", "joe@hartley.example")
    moving = book(session, first.id, ama.contacts[0], names=["Ama", "Kofi"])
    waiting = book(session, first.id, joe.contacts[0], names=["Joe"])
    session.commit()
    assert waiting.status == WAITING
    sign_in("commissioner")
    page = client.get(f"/admin/events/{first.id}/bookings/{moving.id}/move")
    assert "2 places left" in page.text
    response = post_form(
        client, f"/admin/events/{first.id}/bookings/{moving.id}/move", {"to_event": str(later.id)}
    )
    assert response.status_code == 302, response.text
    session.expire_all()
    assert session.get(Booking, moving.id).status == CANCELLED
    moved = session.scalars(select(Booking).where(Booking.event_id == later.id)).one()
    assert moved.status == CONFIRMED
    assert [a.name for a in moved.attendees] == ["Ama", "Kofi"]
    assert session.get(Event, later.id).places_taken == 2
    # The freed places went to whoever was waiting at the first date.
    assert session.get(Booking, waiting.id).status == CONFIRMED
    assert session.get(Event, first.id).places_taken == 1
    mails = _mail_to(session, "office@larder.example")
    assert any("We have moved your booking" in m.body_text for m in mails)
    assert any(m.subject.startswith("Booking cancelled") for m in mails)
    assert "event.booking_moved_by_staff" in _actions(session)


def test_a_confirmed_booking_is_not_moved_onto_an_event_without_room(
    client, session, sign_in, make_event, make_supplier
):
    first = make_event(capacity=4)
    full = make_event(capacity=1)
    ama = make_supplier("Riverside Larder", "office@larder.example")
    joe = make_supplier("Hartley Catering", "joe@hartley.example")
    moving = book(session, first.id, ama.contacts[0], names=["Ama", "Kofi"])
    book(session, full.id, joe.contacts[0], names=["Joe"])
    session.commit()
    sign_in("commissioner")
    response = post_form(
        client, f"/admin/events/{first.id}/bookings/{moving.id}/move", {"to_event": str(full.id)}
    )
    assert response.status_code == 400
    assert "only 0 places left" in response.text
    session.expire_all()
    assert session.get(Booking, moving.id).status == CONFIRMED
    assert session.get(Event, full.id).places_taken == 1


def test_staff_cancel_a_booking_for_someone_after_confirming(
    client, session, sign_in, make_event, make_supplier
):
    event = make_event(capacity=1)
    ama = make_supplier("Riverside Larder", "office@larder.example")
    ama.contacts[0].locale = "cy"
    joe = make_supplier("Hartley Catering", "joe@hartley.example")
    booking = book(session, event.id, ama.contacts[0], names=["Ama"])
    waiting = book(session, event.id, joe.contacts[0], names=["Joe"])
    session.commit()
    sign_in("commissioner")
    url = f"/admin/events/{event.id}/bookings/{booking.id}/cancel"
    page = client.get(url)
    assert "emailed in their own language" in page.text
    session.expire_all()
    assert session.get(Booking, booking.id).status == CONFIRMED  # the page alone changes nothing
    assert post_form(client, url, {}).status_code == 302
    session.expire_all()
    assert session.get(Booking, booking.id).status == CANCELLED
    assert session.get(Booking, waiting.id).status == CONFIRMED
    last = _mail_to(session, "office@larder.example")[-1]
    assert last.locale == "cy"
    assert booking.reference in last.subject
    assert "event.booking_cancelled_by_staff" in _actions(session)


def test_staff_of_another_area_cannot_act_on_the_events_bookings(
    client,
    session,
    sign_in,
    area,
    housing,
    make_event,
    make_supplier,
):
    event = make_event(service_area_id=housing.id)
    ama = make_supplier("Riverside Larder", "office@larder.example")
    booking = book(session, event.id, ama.contacts[0], names=["Ama"])
    session.commit()
    attendee = booking.attendees[0]
    _limit_to(session, sign_in("commissioner"), area)
    token = {"form_url": "/admin/events/"}
    for url in (
        "bookings/new",
        f"bookings/{booking.id}/move",
        f"bookings/{booking.id}/cancel",
        "check-in",
    ):
        assert client.get(f"/admin/events/{event.id}/{url}").status_code == 404, url
    cancelled = post_form(
        client, f"/admin/events/{event.id}/bookings/{booking.id}/cancel", {}, **token
    )
    assert cancelled.status_code == 404
    marked = post_form(
        client, f"/admin/events/{event.id}/check-in/{attendee.id}", {"attended": "yes"}, **token
    )
    assert marked.status_code == 404
    session.expire_all()
    assert session.get(Booking, booking.id).status == CONFIRMED
    assert session.get(Attendee, attendee.id).attended is None


def test_a_booking_under_another_event_is_not_found(
    client, session, sign_in, make_event, make_supplier
):
    event, other = make_event(), make_event()
    ama = make_supplier("Riverside Larder", "office@larder.example")
    booking = book(session, other.id, ama.contacts[0], names=["Ama"])
    session.commit()
    sign_in("commissioner")
    assert client.get(f"/admin/events/{event.id}/bookings/{booking.id}/cancel").status_code == 404


def _check_in_event(session, make_event, make_supplier):
    event = make_event(capacity=10, places_per_organisation=3)
    ama = make_supplier("Riverside Larder", "office@larder.example")
    joe = make_supplier("Hartley Catering", "joe@hartley.example")
    book(session, event.id, ama.contacts[0], names=["Ama Mensah", "Kofi Mensah"])
    book(session, event.id, joe.contacts[0], names=["Joe Hartley"])
    session.commit()
    return event


def test_the_check_in_list_marks_arrivals_and_undoes_them_without_javascript(
    client, session, sign_in, make_event, make_supplier
):
    event = _check_in_event(session, make_event, make_supplier)
    sign_in("commissioner")
    url = f"/admin/events/{event.id}/check-in"
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert page.select_one("#arrived-count").text.strip() == "0 of 3 arrived"
    people = [li.strong.text for li in page.select(".app-check-in__person")]
    assert people == ["Ama Mensah", "Kofi Mensah", "Joe Hartley"]
    assert "Hartley Catering" in page.text
    assert "2 places" in page.text

    kofi = session.scalar(select(Attendee).where(Attendee.name == "Kofi Mensah"))
    marked = post_form(client, f"{url}/{kofi.id}", {"attended": "yes", "q": "mensah"}, form_url=url)
    assert marked.status_code == 302
    assert marked.headers["Location"].endswith(f"check-in?q=mensah#attendee-{kofi.id}")
    session.refresh(kofi)
    assert kofi.attended is True
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert page.select_one("#arrived-count").text.strip() == "1 of 3 arrived"
    assert page.select_one(f"#undo-{kofi.id}") is not None

    post_form(client, f"{url}/{kofi.id}", {"attended": "undo"}, form_url=url)
    session.refresh(kofi)
    assert kofi.attended is None
    assert _actions(session).count("event.attendance") == 2


def test_the_check_in_list_searches_by_name_and_organisation(
    client, session, sign_in, make_event, make_supplier
):
    event = _check_in_event(session, make_event, make_supplier)
    sign_in("viewer")
    url = f"/admin/events/{event.id}/check-in"
    by_name = BeautifulSoup(client.get(url, query_string={"q": "kofi"}).text, "html.parser")
    assert [li.strong.text for li in by_name.select(".app-check-in__person")] == [
        "Ama Mensah",
        "Kofi Mensah",
    ]
    # The count stays the whole event's, whatever is searched.
    assert by_name.select_one("#arrived-count").text.strip() == "0 of 3 arrived"
    by_org = BeautifulSoup(client.get(url, query_string={"q": "HARTLEY cat"}).text, "html.parser")
    assert [li.strong.text for li in by_org.select(".app-check-in__person")] == ["Joe Hartley"]
    none = client.get(url, query_string={"q": "zzz"}).text
    assert "Nobody booked matches" in none
    # A viewer sees the list but has no buttons, and cannot post.
    assert "Mark arrived" not in by_org.text


def test_the_check_in_list_does_not_grow_in_queries_with_bookings(
    client, session, sign_in, make_event, make_supplier, count_queries
):
    event = make_event(capacity=100, places_per_organisation=5)
    sign_in("commissioner")
    url = f"/admin/events/{event.id}/check-in"
    for n in range(2):
        supplier = make_supplier(f"Org {n}", f"org{n}@example.org")
        book(session, event.id, supplier.contacts[0], names=["A", "B"])
    session.commit()
    few = count_queries(lambda: client.get(url)).count
    for n in range(2, 12):
        supplier = make_supplier(f"Org {n}", f"org{n}@example.org")
        book(session, event.id, supplier.contacts[0], names=["A", "B"])
    session.commit()
    many = count_queries(lambda: client.get(url)).count
    assert many == few
