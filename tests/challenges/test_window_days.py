"""When a service takes expressions of interest: a window's first and last
day count, the council's calendar is London's, and the 30 days to say when
the council will decide run from the window's close."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.challenges.catalogue import add_window
from app.challenges.windows import (
    ANY_TIME,
    CLOSED,
    EXCLUDED,
    OPEN,
    OPENS,
    Availability,
    availability,
    council_today,
    notify_by,
)

OPENS_ON = date(2027, 3, 1)
CLOSES_ON = date(2027, 3, 31)


@pytest.fixture
def windowed(session, make_service):
    service = make_service()
    add_window(session, service, OPENS_ON, CLOSES_ON)
    session.commit()
    return service


def test_a_window_takes_interest_on_its_first_day(windowed):
    found = availability(windowed, OPENS_ON)
    assert found == Availability(OPEN, windowed.windows[0])
    assert found.accepting


def test_a_window_takes_interest_on_its_last_day(windowed):
    found = availability(windowed, CLOSES_ON)
    assert found == Availability(OPEN, windowed.windows[0])
    assert found.accepting


def test_the_day_before_a_window_the_service_says_when_it_opens(windowed):
    found = availability(windowed, OPENS_ON - timedelta(days=1))
    assert found == Availability(OPENS, windowed.windows[0])
    assert not found.accepting


def test_the_day_after_the_last_window_the_service_is_closed(windowed):
    found = availability(windowed, CLOSES_ON + timedelta(days=1))
    assert found == Availability(CLOSED)
    assert found.window is None
    assert not found.accepting


def test_between_windows_the_next_to_open_is_named_not_a_later_one(session, make_service):
    service = make_service()
    later = add_window(session, service, date(2027, 9, 1), date(2027, 9, 30))
    sooner = add_window(session, service, date(2027, 6, 1), date(2027, 6, 30))
    add_window(session, service, date(2027, 1, 1), date(2027, 1, 31))
    session.commit()
    assert availability(service, date(2027, 4, 15)) == Availability(OPENS, sooner)
    assert availability(service, date(2027, 7, 15)) == Availability(OPENS, later)
    assert availability(service, date(2027, 6, 30)) == Availability(OPEN, sooner)


def test_a_service_with_no_windows_takes_interest_any_day(make_service):
    found = availability(make_service(), CLOSES_ON)
    assert found == Availability(ANY_TIME)
    assert found.accepting


def test_an_excluded_service_takes_none_even_in_an_open_window(session, make_service):
    service = make_service(exclusion_code="complex_needs", exclusion_reason="Statutory duty.")
    add_window(session, service, OPENS_ON, CLOSES_ON)
    session.commit()
    found = availability(service, OPENS_ON)
    assert found == Availability(EXCLUDED)
    assert not found.accepting


@pytest.mark.parametrize(
    ("utc", "london_day"),
    [
        # British Summer Time: London is an hour ahead, so its day starts at 23:00 UTC.
        (datetime(2027, 6, 30, 23, 0, tzinfo=UTC), date(2027, 7, 1)),
        (datetime(2027, 6, 30, 23, 59, tzinfo=UTC), date(2027, 7, 1)),
        (datetime(2027, 6, 30, 22, 59, tzinfo=UTC), date(2027, 6, 30)),
        # In winter London keeps UTC's date.
        (datetime(2027, 1, 31, 23, 30, tzinfo=UTC), date(2027, 1, 31)),
        (datetime(2027, 2, 1, 0, 0, tzinfo=UTC), date(2027, 2, 1)),
    ],
)
def test_the_councils_date_is_londons_not_utcs(utc, london_day):
    assert council_today(utc) == london_day


def test_a_window_closing_on_the_30th_june_is_shut_at_half_past_midnight_in_summer(
    windowed, session
):
    windowed.windows[0].closes_on = date(2027, 6, 30)
    session.commit()
    # 23:30 UTC on the 30th is 00:30 on 1 July in London: the window has closed.
    today = council_today(datetime(2027, 6, 30, 23, 30, tzinfo=UTC))
    assert availability(windowed, today) == Availability(CLOSED)


def test_without_a_time_given_the_councils_date_is_londons_today():
    from zoneinfo import ZoneInfo

    before = datetime.now(ZoneInfo("Europe/London")).date()
    found = council_today()
    after = datetime.now(ZoneInfo("Europe/London")).date()
    assert found in (before, after)


def test_interest_sent_in_a_window_is_answered_30_days_after_the_window_closes(windowed):
    assert notify_by(date(2027, 3, 2), windowed.windows[0]) == date(2027, 4, 30)


def test_interest_sent_outside_any_window_is_answered_30_days_after_it_arrives():
    assert notify_by(date(2027, 3, 2), None) == date(2027, 4, 1)
