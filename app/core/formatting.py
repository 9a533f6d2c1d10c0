"""Template filters that show numbers and dates the way UK readers expect."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Flask
from flask_babel import (
    format_date,
    format_datetime,
    format_time,
    gettext,
    ngettext,
    to_user_timezone,
)

from app.core.db import utcnow
from app.core.sanitise import safe_html


def money(amount: int | None) -> str:
    return "" if amount is None else f"£{amount:,}"


def thousands(number: int | None) -> str:
    return "" if number is None else f"{number:,}"


def ukdate(value: date | None) -> str:
    return format_date(value, "d MMMM y") if value else ""


def _is_midnight(local: datetime) -> bool:
    return local.hour == 0 and local.minute == 0


def ukdatetime(value: datetime | None, starting: bool = False) -> str:
    """A moment on the council's clock, like "5 October 2026, 14:30".

    "5 October, 00:00" is ambiguous (the start or the end of the 5th?), so
    midnight is named as the end of the day before: "midnight at the end of
    4 October 2026". Something that *starts* at midnight can say so instead
    (`starting=True`): "midnight at the start of 5 October 2026"."""
    if not value:
        return ""
    local = to_user_timezone(value)
    if _is_midnight(local):
        if starting:
            return gettext("midnight at the start of %(date)s", date=ukdate(local.date()))
        return gettext(
            "midnight at the end of %(date)s", date=ukdate(local.date() - timedelta(days=1))
        )
    return format_datetime(value, "d MMMM y, HH:mm")


def uktime(value: datetime | None) -> str:
    """The time of day on the council's clock, like 12:30; "midnight" rather than 00:00."""
    if not value:
        return ""
    if _is_midnight(to_user_timezone(value)):
        return gettext("midnight")
    return format_time(value, "HH:mm")


def months(count: int | None) -> str:
    if count is None:
        return ""
    text = ngettext("%(num)d month", "%(num)d months", count)
    if count >= 12 and count % 12 == 0:
        years = count // 12
        text += " (" + ngettext("%(num)d year", "%(num)d years", years) + ")"
    return text


def has_passed(value: datetime | None) -> bool:
    """True once a moment (an event's end, say) is in the past: pages then
    say the event has finished."""
    if value is None:
        return False
    return value <= utcnow()


def register_filters(app: Flask) -> None:
    app.add_template_test(has_passed, "passed")
    app.add_template_filter(money)
    app.add_template_filter(thousands)
    app.add_template_filter(ukdate)
    app.add_template_filter(ukdatetime)
    app.add_template_filter(uktime)
    app.add_template_filter(months)
    app.add_template_filter(safe_html)
