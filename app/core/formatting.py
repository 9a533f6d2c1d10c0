"""Template filters that show numbers and dates the way UK readers expect."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime, ngettext

from app.core.sanitise import safe_html


def money(amount: int | None) -> str:
    return "" if amount is None else f"£{amount:,}"


def thousands(number: int | None) -> str:
    return "" if number is None else f"{number:,}"


def ukdate(value: date | None) -> str:
    return format_date(value, "d MMMM y") if value else ""


def ukdatetime(value: datetime | None) -> str:
    return format_datetime(value, "d MMMM y, HH:mm") if value else ""


def months(count: int | None) -> str:
    if count is None:
        return ""
    text = ngettext("%(num)d month", "%(num)d months", count)
    if count >= 12 and count % 12 == 0:
        years = count // 12
        text += " (" + ngettext("%(num)d year", "%(num)d years", years) + ")"
    return text


def register_filters(app: Flask) -> None:
    app.add_template_filter(money)
    app.add_template_filter(thousands)
    app.add_template_filter(ukdate)
    app.add_template_filter(ukdatetime)
    app.add_template_filter(months)
    app.add_template_filter(safe_html)
