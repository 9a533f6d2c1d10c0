"""The council's clock: dates and times people type or read are London's,
stored as UTC. Defined here once so no module builds its own zone or reads
"9am" its own way."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_today(now: datetime | None = None) -> date:
    """Today on the council's calendar, not UTC's (they differ from midnight to 1 am in summer)."""
    return (now or datetime.now(LONDON)).astimezone(LONDON).date()


def in_london(day: date, at: time = time(0, 0)) -> datetime:
    """A wall-clock time in London, as an aware London datetime."""
    return datetime.combine(day, at, tzinfo=LONDON)


def london_to_utc(day: date, at: time = time(0, 0)) -> datetime:
    """A wall-clock time in London, as an aware UTC datetime for storing."""
    return in_london(day, at).astimezone(UTC)


def parse_time(text: str | None) -> time | None:
    """A time of day as people write it: "14:30", "9.30", "9", "9am", "2:30 pm".

    None when it is not a real time."""
    text = (text or "").strip().lower().replace(".", ":")
    if not text:
        return None
    suffix = ""
    for ending in ("am", "pm"):
        if text.endswith(ending):
            text, suffix = text[: -len(ending)].strip(), ending
    hours, _sep, minutes = text.partition(":")
    minutes = minutes or "00"
    # isascii: "²" and other Unicode digits are digits to isdigit, not to int.
    if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
        return None
    if len(hours) > 2 or len(minutes) != 2:
        return None
    hour, minute = int(hours), int(minutes)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
