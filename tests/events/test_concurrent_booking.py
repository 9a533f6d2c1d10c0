"""Capacity and the per-organisation limit hold when many people book at
once. Run against PostgreSQL, whose row lock the booking relies on."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import db
from app.events.models import Booking, Event
from app.events.services import BookingError, book
from app.suppliers.models import SupplierContact

THREADS = 12


def _race(app, event_id: int, contact_ids: list[int], names: list[str]) -> list[str]:
    barrier = threading.Barrier(len(contact_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(contact_id: int) -> None:
        with app.app_context(), Session(db.engine) as session:
            contact = session.get(SupplierContact, contact_id)
            barrier.wait()
            try:
                booking = book(session, event_id, contact, names=names)
                session.commit()
                result = booking.status
            except BookingError as error:
                session.rollback()
                result = error.code
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(cid,)) for cid in contact_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the row lock is PostgreSQL's; SQLite serialises writers anyway")


def test_many_organisations_race_for_the_last_place_and_one_gets_it(
    app, postgres_only, session, make_event, make_supplier
):
    event = make_event(capacity=1, places_per_organisation=1)
    contact_ids = [
        make_supplier(f"Organisation {n}", f"org{n}@example.org").contacts[0].id
        for n in range(THREADS)
    ]
    outcomes = _race(app, event.id, contact_ids, ["Someone"])
    assert sorted(outcomes) == ["confirmed"] + ["waiting"] * (THREADS - 1)
    session.expire_all()
    assert session.scalar(select(Event.places_taken)) == 1
    confirmed = session.scalars(select(Booking).where(Booking.status == "confirmed")).all()
    assert len(confirmed) == 1


def test_one_organisation_racing_itself_stays_within_its_limit(
    app, postgres_only, session, make_event, make_supplier
):
    from app.suppliers.models import SupplierContact as Contact

    event = make_event(capacity=50, places_per_organisation=2)
    supplier = make_supplier("Busy Charity", "one@busy.example")
    for n in range(THREADS - 1):
        session.add(Contact(supplier=supplier, name=f"Colleague {n}", email=f"c{n}@busy.example"))
    session.commit()
    contact_ids = [contact.id for contact in supplier.contacts]
    outcomes = _race(app, event.id, contact_ids, ["Someone"])
    assert outcomes.count("confirmed") == 2
    assert outcomes.count("organisation_limit") == THREADS - 2
    session.expire_all()
    assert session.scalar(select(Event.places_taken)) == 2
