"""A supplier's list of its event bookings says which events have finished
(and which were cancelled), with the words the public event pages use."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.core.db import utcnow
from app.suppliers.models import SupplierContact
from tests.events.conftest import event_data


def _booked_event(session, area, contact, title: str):
    from app.events.services import book, save_event

    event = save_event(session, None, event_data(title=title, service_area_id=area.id))
    event.status = "published"
    session.commit()
    book(session, event.id, contact, names=["Priya Shah"])
    session.commit()
    return event


def _row(page: str, title: str) -> str:
    match = re.search(
        r"<tr class=\"govuk-table__row\">((?:(?!</tr>).)*" + title + r".*?)</tr>", page, re.S
    )
    assert match, f"no booking row for {title}"
    return match.group(1)


def test_the_bookings_list_says_an_event_has_finished(client, session, area, signed_in_supplier):
    signed_in_supplier()
    contact = session.scalars(select(SupplierContact)).one()
    past = _booked_event(session, area, contact, "Meet the buyer: libraries")
    just_over = _booked_event(session, area, contact, "Meet the buyer: parks")
    ending_soon = _booked_event(session, area, contact, "Meet the buyer: buses")
    cancelled = _booked_event(session, area, contact, "Meet the buyer: youth work")
    now = utcnow()
    past.starts_at, past.ends_at = now - timedelta(days=30), now - timedelta(days=30, hours=-3)
    # The boundaries: ended a minute ago, or still going for another minute.
    just_over.starts_at, just_over.ends_at = now - timedelta(hours=3), now - timedelta(minutes=1)
    ending_soon.starts_at, ending_soon.ends_at = (
        now - timedelta(hours=3),
        now + timedelta(minutes=1),
    )
    cancelled.status = "cancelled"
    session.commit()

    page = client.get("/suppliers/account").text
    assert "Finished</strong>" in _row(page, "libraries")
    assert "Finished</strong>" in _row(page, "parks")
    assert "Finished" not in _row(page, "buses")
    assert "Cancelled</strong>" in _row(page, "youth work")
    assert "Finished" not in _row(page, "youth work")


def test_the_welsh_bookings_list_says_an_event_has_finished(
    client, session, area, signed_in_supplier
):
    signed_in_supplier()
    contact = session.scalars(select(SupplierContact)).one()
    past = _booked_event(session, area, contact, "Meet the buyer: libraries")
    past.starts_at, past.ends_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
    session.commit()
    client.set_cookie("language", "cy")
    row = _row(client.get("/suppliers/account").text, "libraries")
    assert "Wedi gorffen</strong>" in row, row
