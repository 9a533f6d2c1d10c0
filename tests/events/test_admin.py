import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.events.models import Attendee, Event
from app.events.services import book
from tests.conftest import post_form


def form_data(area, **overrides) -> dict:
    day = (utcnow() + timedelta(days=30)).date()
    opens = utcnow().date()
    data = {
        "title": "Meet the buyer: day opportunities",
        "description_html": "<p>Our plans for day opportunities.</p><img src=x onerror=alert(1)>",
        "service_area_id": str(area.id),
        "event_date": [str(day.day), str(day.month), str(day.year)],
        "start_time": "09:30",
        "end_time": "12:00",
        "format": "in_person",
        "venue": "Elmsworth Civic Centre",
        "accessibility": "Step-free access",
        "capacity": "30",
        "places_per_organisation": "2",
        "booking_opens": [str(opens.day), str(opens.month), str(opens.year)],
        "booking_closes": [str(day.day), str(day.month), str(day.year)],
        "buyers_attending": "Sam Patel, Adult social care",
        "slots": "10:30 Sam Patel\n11:00 Jo Evans",
    }
    data.update(overrides)
    return data


def test_a_commissioner_adds_and_publishes_an_event(client, session, sign_in, make_plan, area):
    plan = make_plan()
    sign_in("commissioner")
    assert plan.title in client.get("/admin/events/new").text
    response = post_form(client, "/admin/events/new", form_data(area, plan_item_ids=[str(plan.id)]))
    assert response.status_code == 302, response.text
    event = session.scalars(select(Event)).one()
    assert event.status == "draft"
    assert "onerror" not in event.description_html
    # 09:30 in London is stored in UTC.
    assert event.starts_at.astimezone().tzinfo is not None
    from zoneinfo import ZoneInfo

    assert event.starts_at.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") == "09:30"
    assert [s.buyer_name for s in event.slots] == ["Sam Patel", "Jo Evans"]
    assert [p.id for p in event.plan_items] == [plan.id]
    assert event.service_area_id == area.id
    assert client.get(f"/events/{event.slug}").status_code == 404

    post_form(
        client, f"/admin/events/{event.id}/status/publish", {}, form_url=f"/admin/events/{event.id}"
    )
    session.refresh(event)
    assert event.status == "published"
    public = client.get(f"/events/{event.slug}")
    assert public.status_code == 200
    assert plan.title in public.text


def test_bad_event_details_are_explained(client, session, sign_in, area):
    sign_in("commissioner")
    response = post_form(
        client,
        "/admin/events/new",
        form_data(
            area,
            start_time="25:00",
            end_time="09:00",
            format="online",
            joining_link="",
            capacity="0",
            event_date=["31", "2", "2027"],
            slots="sometime Sam",
        ),
    )
    assert response.status_code == 400
    for message in (
        "Enter a time like 09:30",
        "Enter the joining link",
        "Places must be between 1 and 10,000",
        "Date must be a real date",
    ):
        assert message in response.text
    assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_editing_keeps_existing_details(client, session, sign_in, make_event, area):
    event = make_event()
    sign_in("commissioner")
    page = client.get(f"/admin/events/{event.id}/edit")
    assert 'value="Meet the buyer: home care and support"' in page.text
    response = post_form(
        client,
        f"/admin/events/{event.id}/edit",
        form_data(area, title="Renamed event", capacity="40"),
    )
    assert response.status_code == 302
    session.refresh(event)
    assert event.title == "Renamed event"
    assert event.capacity == 40


def test_a_viewer_cannot_add_events(client, sign_in):
    sign_in("viewer")
    assert client.get("/admin/events/").status_code == 200
    assert client.get("/admin/events/new").status_code == 403


def _booked_event(session, make_event, make_supplier):
    event = make_event(capacity=3)
    first = make_supplier("Riverside Larder", "a@riverside.example")
    second = make_supplier("=Hartley Catering", "b@hartley.example")
    book(
        session,
        event.id,
        first.contacts[0],
        names=["Ama Mensah", "Kofi Mensah"],
        access_needs="Hearing loop",
        dietary_needs="Vegan",
    )
    book(session, event.id, second.contacts[0], names=["Joe Hartley", "Ann Hartley"])
    session.commit()
    return event


def test_staff_see_attendees_and_the_waiting_list_and_mark_attendance(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked_event(session, make_event, make_supplier)
    sign_in("commissioner")
    page = client.get(f"/admin/events/{event.id}")
    assert "Ama Mensah" in page.text
    assert "Hearing loop" in page.text
    waiting_part = page.text.split("Waiting list")[1]
    assert "Joe Hartley" in waiting_part

    ama = session.scalar(select(Attendee).where(Attendee.name == "Ama Mensah"))
    response = post_form(
        client,
        f"/admin/events/{event.id}/attendance/{ama.id}",
        {"attended": "yes"},
        form_url=f"/admin/events/{event.id}",
    )
    assert response.status_code == 302
    session.refresh(ama)
    assert ama.attended is True

    # Attendance shows on the booking in the inbox.
    item_page = client.get(f"/inbox/{ama.booking.reference}")
    assert "Ama Mensah (attended)" in item_page.text


def test_the_attendee_page_does_not_grow_in_queries_with_bookings(
    client, session, sign_in, make_event, make_supplier, count_queries
):
    event = make_event(capacity=100, places_per_organisation=5)
    sign_in("commissioner")
    for n in range(2):
        supplier = make_supplier(f"Org {n}", f"org{n}@example.org")
        book(session, event.id, supplier.contacts[0], names=["A", "B"])
    session.commit()
    few = count_queries(lambda: client.get(f"/admin/events/{event.id}")).count
    for n in range(2, 10):
        supplier = make_supplier(f"Org {n}", f"org{n}@example.org")
        book(session, event.id, supplier.contacts[0], names=["A", "B"])
    session.commit()
    many = count_queries(lambda: client.get(f"/admin/events/{event.id}")).count
    assert many == few


def test_attendee_lists_export_as_csv_and_xlsx(client, session, sign_in, make_event, make_supplier):
    event = _booked_event(session, make_event, make_supplier)
    sign_in("viewer")
    csv = client.get(f"/admin/events/{event.id}/attendees.csv")
    assert csv.status_code == 200
    text = csv.data.decode("utf-8-sig")
    assert "Ama Mensah" in text
    assert "Vegan" in text
    # A name that looks like a formula is defused.
    assert "'=Hartley Catering" in text

    xlsx = client.get(f"/admin/events/{event.id}/attendees.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Booking reference"
    assert any("Kofi Mensah" in (row[3] or "") for row in values[1:])


def test_staff_message_everyone_booked(client, session, sign_in, make_event, make_supplier):
    event = _booked_event(session, make_event, make_supplier)
    sign_in("commissioner")
    before = session.scalar(select(func.count()).select_from(OutboxMessage))
    response = post_form(
        client,
        f"/admin/events/{event.id}/message",
        {"subject": "Parking at the Civic Centre", "message": "Use the Market Street car park."},
    )
    assert response.status_code == 302
    sent = session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject == "Parking at the Civic Centre")
    ).all()
    # Only the confirmed booking; the waiting list is not told.
    assert [m.to_address for m in sent] == ["a@riverside.example"]
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == before + 1
    empty = post_form(client, f"/admin/events/{event.id}/message", {"subject": "", "message": ""})
    assert empty.status_code == 400
    assert "Enter a subject" in empty.text


def test_adding_places_promotes_the_waiting_list(
    client, session, sign_in, make_event, make_supplier, area
):
    event = _booked_event(session, make_event, make_supplier)
    sign_in("commissioner")
    response = post_form(
        client,
        f"/admin/events/{event.id}/edit",
        form_data(area, title=event.title, capacity="10", slots=""),
    )
    assert response.status_code == 302
    session.refresh(event)
    assert event.places_taken == 4
    shrink = post_form(
        client, f"/admin/events/{event.id}/edit", form_data(area, capacity="2", slots="")
    )
    assert shrink.status_code == 400
    assert "4 places are already booked" in shrink.text


def test_cancelling_an_event_tells_everyone_booked_or_waiting(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked_event(session, make_event, make_supplier)
    sign_in("commissioner")
    response = post_form(
        client, f"/admin/events/{event.id}/cancel", {}, form_url=f"/admin/events/{event.id}/cancel"
    )
    assert response.status_code == 302
    session.refresh(event)
    assert event.status == "cancelled"
    told = session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.subject.like("Event cancelled%"))
    ).all()
    assert sorted(told) == ["a@riverside.example", "b@hartley.example"]
    assert "This event is cancelled" in client.get(f"/events/{event.slug}").text


def test_the_events_list_does_not_grow_in_queries(client, make_event, count_queries):
    for n in range(2):
        make_event(title=f"Event {n}")
    few = count_queries(lambda: client.get("/events/")).count
    for n in range(2, 12):
        make_event(title=f"Event {n}")
    many = count_queries(lambda: client.get("/events/")).count
    assert many == few


# ------------------------------------------------------------ service areas


@pytest.fixture
def housing(session):
    from app.core.models import ServiceArea

    found = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(found)
    session.commit()
    return found


def _limit_to(session, user, *areas):
    user.service_areas = list(areas)
    session.commit()


def test_a_commissioner_limited_to_one_area_adds_events_only_there(
    client, session, sign_in, area, housing
):
    _limit_to(session, sign_in("commissioner"), area)
    form = BeautifulSoup(client.get("/admin/events/new").text, "html.parser")
    offered = [o.text for o in form.select("#service_area_id option") if o.get("value")]
    assert offered == ["Adult social care"]

    refused = post_form(client, "/admin/events/new", form_data(housing))
    assert refused.status_code == 400
    assert "Select a service area you work in" in refused.text
    assert session.scalar(select(func.count()).select_from(Event)) == 0

    assert post_form(client, "/admin/events/new", form_data(area)).status_code == 302
    assert session.scalars(select(Event)).one().service_area_id == area.id


def test_the_service_areas_are_offered_in_welsh(client, sign_in, area):
    sign_in("commissioner")
    form = BeautifulSoup(client.get("/admin/events/new?lang=cy").text, "html.parser")
    offered = [o.text for o in form.select("#service_area_id option") if o.get("value")]
    assert offered == ["Gofal oedolion"]


def test_an_event_needs_a_service_area(client, session, sign_in, area):
    sign_in("commissioner")
    response = post_form(client, "/admin/events/new", form_data(area, service_area_id=""))
    assert response.status_code == 400
    assert "Select a service area" in response.text
    assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_limited_commissioner_cannot_move_an_event_to_an_area_they_do_not_have(
    client, session, sign_in, area, housing, make_event
):
    event = make_event()
    _limit_to(session, sign_in("commissioner"), area)
    refused = post_form(client, f"/admin/events/{event.id}/edit", form_data(housing))
    assert refused.status_code == 400
    assert "Select a service area you work in" in refused.text
    session.expire_all()
    assert session.get(Event, event.id).service_area_id == area.id


def test_a_commissioner_with_two_areas_moves_an_event_between_them(
    client, session, sign_in, area, housing, make_event
):
    event = make_event()
    _limit_to(session, sign_in("commissioner"), area, housing)
    moved = post_form(client, f"/admin/events/{event.id}/edit", form_data(housing, slots=""))
    assert moved.status_code == 302
    session.expire_all()
    assert session.get(Event, event.id).service_area_id == housing.id


def test_the_staff_events_list_shows_only_the_readers_areas(
    client, session, sign_in, area, housing, make_event
):
    make_event(title="Day opportunities briefing")
    make_event(title="Temporary accommodation briefing", service_area_id=housing.id)
    # Set up before events had service areas: the whole council's.
    make_event(title="Annual suppliers' day", service_area_id=None)

    user = sign_in("commissioner")
    everything = client.get("/admin/events/").text
    for title in ("Day opportunities briefing", "Temporary accommodation briefing"):
        assert title in everything
    assert "Annual suppliers" in everything
    assert "Whole council" in everything

    _limit_to(session, user, area)
    limited = BeautifulSoup(client.get("/admin/events/").text, "html.parser")
    titles = [link.text for link in limited.select("table a.govuk-link")]
    assert titles == ["Day opportunities briefing"]


def test_a_limited_commissioner_cannot_reach_another_areas_event_by_its_address(
    client, session, sign_in, area, housing, make_event, make_supplier
):
    event = _booked_event(session, make_event, make_supplier)
    event.service_area_id = housing.id
    session.commit()
    ama = session.scalar(select(Attendee).where(Attendee.name == "Ama Mensah"))
    _limit_to(session, sign_in("commissioner"), area)
    # Any signed-in page carries a CSRF token, so a refusal is not a CSRF error.
    token = {"form_url": "/admin/events/"}
    before = session.scalar(select(func.count()).select_from(OutboxMessage))

    for url in ("", "/edit", "/message", "/attendees.csv", "/attendees.xlsx"):
        assert client.get(f"/admin/events/{event.id}{url}").status_code == 404, url
    messaged = post_form(
        client,
        f"/admin/events/{event.id}/message",
        {"subject": "Parking", "message": "Use the car park."},
        **token,
    )
    assert messaged.status_code == 404
    cancelled = post_form(client, f"/admin/events/{event.id}/status/cancel", {}, **token)
    assert cancelled.status_code == 404
    marked = post_form(
        client, f"/admin/events/{event.id}/attendance/{ama.id}", {"attended": "yes"}, **token
    )
    assert marked.status_code == 404

    session.expire_all()
    assert session.get(Event, event.id).status == "published"
    assert session.get(Attendee, ama.id).attended is None
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == before


def test_staff_in_the_events_area_export_its_attendees(
    client, session, sign_in, area, make_event, make_supplier
):
    event = _booked_event(session, make_event, make_supplier)
    _limit_to(session, sign_in("viewer"), area)
    csv = client.get(f"/admin/events/{event.id}/attendees.csv")
    assert csv.status_code == 200
    assert "Hearing loop" in csv.data.decode("utf-8-sig")


def test_an_event_with_no_area_is_only_for_staff_with_no_area_limit(
    client, session, sign_in, area, make_event
):
    event = make_event(service_area_id=None)
    user = sign_in("commissioner")
    page = client.get(f"/admin/events/{event.id}/edit")
    assert page.status_code == 200
    # Whoever edits it next gives it an area.
    chosen = BeautifulSoup(page.text, "html.parser").select_one("#service_area_id option[selected]")
    assert chosen is None or not chosen.get("value")
    _limit_to(session, user, area)
    assert client.get(f"/admin/events/{event.id}").status_code == 404


def test_an_attendee_is_found_only_under_their_own_event(
    client, session, sign_in, make_event, make_supplier
):
    event = _booked_event(session, make_event, make_supplier)
    other = make_event(title="Another event")
    ama = session.scalar(select(Attendee).where(Attendee.name == "Ama Mensah"))
    sign_in("commissioner")
    response = post_form(
        client,
        f"/admin/events/{other.id}/attendance/{ama.id}",
        {"attended": "yes"},
        form_url=f"/admin/events/{event.id}",
    )
    assert response.status_code == 404
    session.refresh(ama)
    assert ama.attended is None


def test_a_word_line_break_in_a_booking_does_not_stop_the_attendee_spreadsheet(
    client, session, sign_in, make_event, make_supplier
):
    """Stored as typed (older rows, other ways in): the export still opens,
    the line break kept as one and other control characters left out."""
    event = make_event()
    supplier = make_supplier("Northfield\x0bCommunity Larder\x1b", "a@northfield.example")
    book(
        session,
        event.id,
        supplier.contacts[0],
        names=["Ama\x0bMensah"],
        access_needs="=Hearing\x0cloop",
    )
    session.commit()
    sign_in("viewer")

    response = client.get(f"/admin/events/{event.id}/attendees.xlsx")

    assert response.status_code == 200
    row = dict(
        zip(
            *load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True),
            strict=True,
        )
    )
    assert row["Organisation"] == "Northfield\nCommunity Larder"
    assert row["Attendee"] == "Ama\nMensah"
    assert row["Access requirements"] == "'=Hearing\nloop"
