"""The attendee list as CSV and XLSX, for registers and badges."""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.spreadsheets import xlsx_bytes
from app.events.models import Booking


def header() -> list[str]:
    return [
        _("Booking reference"),
        _("Status"),
        _("Organisation"),
        _("Attendee"),
        _("Contact email"),
        _("Access requirements"),
        _("Dietary needs"),
        _("One-to-one meeting"),
        _("Attended"),
    ]


def rows(bookings: list[Booking], status_labels: dict) -> list[list]:
    out = []
    for booking in bookings:
        for person in booking.attendees:
            out.append(
                [
                    booking.reference,
                    str(status_labels.get(booking.status, booking.status)),
                    booking.supplier.name,
                    person.name,
                    booking.contact.email if booking.contact else "",
                    booking.access_needs,
                    booking.dietary_needs,
                    booking.slot.buyer_name if booking.slot else "",
                    "" if person.attended is None else (_("Yes") if person.attended else _("No")),
                ]
            )
    return out


def attendees_xlsx(table: list[list]) -> bytes:
    return xlsx_bytes(_("Attendees"), header(), table)
