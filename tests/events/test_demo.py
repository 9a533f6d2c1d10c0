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
    assert "Suppliers added: 3. Events added: 3." in first.output
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
