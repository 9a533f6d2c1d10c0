from sqlalchemy import select

from app.core.models import ServiceArea
from app.events.models import Booking, Event
from app.suppliers.models import Supplier


def _state(session):
    return (
        sorted(session.scalars(select(Supplier.name))),
        sorted(session.execute(select(Event.slug, Event.places_taken, Event.updated_at)).all()),
        sorted(session.execute(select(Booking.reference, Booking.status)).all()),
    )


def test_demo_events_and_suppliers_load_once(app, session, monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    cli = app.test_cli_runner()
    first = cli.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    # The three written out in the demo content and fourteen that book the
    # in-person events (app/demo/events.py).
    assert "Suppliers added: 17. Events added: 3." in first.output
    session.expire_all()
    before = _state(session)
    online = session.scalar(select(Event).where(Event.format == "online"))
    assert online.places_left == 0
    assert session.scalar(select(Booking).where(Booking.status == "waiting")) is not None
    assert session.scalar(select(Event).where(Event.slots.any())).plan_items
    # Each in the area whose commissioners run it, so limited staff see their own.
    areas = dict(
        session.execute(select(Event.slug, ServiceArea.slug).join(Event.service_area)).all()
    )
    assert areas == {
        "meet-the-buyer-care-and-support-at-home": "adult-social-care",
        "online-briefing-youth-services": "children-and-families",
        "meet-the-buyer-community-libraries": "communities-and-leisure",
    }

    second = cli.invoke(args=["demo-data"])
    assert "Suppliers added: 0. Events added: 0." in second.output
    session.expire_all()
    assert _state(session) == before


def test_demo_events_made_before_events_had_areas_get_theirs(app, session, monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    cli = app.test_cli_runner()
    assert cli.invoke(args=["demo-data"]).exit_code == 0
    libraries = session.scalar(
        select(Event).where(Event.slug == "meet-the-buyer-community-libraries")
    )
    libraries.service_area_id = None
    session.commit()
    assert cli.invoke(args=["demo-data"]).exit_code == 0
    session.expire_all()
    assert session.get(Event, libraries.id).service_area.slug == "communities-and-leisure"


def test_demo_events_have_realistic_bookings_and_past_attendance(app, session, monkeypatch):
    from app.events.models import Attendee

    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    assert app.test_cli_runner().invoke(args=["demo-data", "--no-staff"]).exit_code == 0
    session.expire_all()
    care = session.scalar(
        select(Event).where(Event.slug == "meet-the-buyer-care-and-support-at-home")
    )
    assert 10 <= care.places_taken < care.capacity
    past = session.scalar(select(Event).where(Event.slug == "meet-the-buyer-community-libraries"))
    people = session.scalars(
        select(Attendee).join(Attendee.booking).where(Booking.event_id == past.id)
    ).all()
    assert len(people) >= 10
    assert past.places_taken == len(people)
    came = [p.attended for p in people]
    # Most came, a few did not: every one is marked, as after a real event.
    assert came.count(True) > came.count(False) > 0
    assert None not in came
    # Booked while its booking was open, as it would have been.
    bookings = session.scalars(select(Booking).where(Booking.event_id == past.id)).all()
    assert all(past.booking_opens_at <= b.created_at < past.booking_closes_at for b in bookings)
