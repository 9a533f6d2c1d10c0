"""Times are never ambiguous: midnight is named as the end (or start) of a day,
on the council's clock, in summer time as in winter, in English and Welsh."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from app.core.formatting import ukdatetime, uktime


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


# 23:00 UTC on 4 October is midnight in London (BST, UTC+1).
SUMMER_MIDNIGHT = datetime(2026, 10, 4, 23, 0, tzinfo=UTC)
# 00:00 UTC on 5 December is midnight in London (GMT).
WINTER_MIDNIGHT = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)


def test_a_deadline_at_midnight_in_summer_time_is_the_end_of_the_day_before(request_ctx):
    assert ukdatetime(SUMMER_MIDNIGHT) == "midnight at the end of 4 October 2026"


def test_a_deadline_at_midnight_in_winter_is_the_end_of_the_day_before(request_ctx):
    assert ukdatetime(WINTER_MIDNIGHT) == "midnight at the end of 4 December 2026"


def test_midnight_utc_in_summer_is_one_in_the_morning_in_london(request_ctx):
    assert ukdatetime(datetime(2026, 10, 5, 0, 0, tzinfo=UTC)) == "5 October 2026, 01:00"


def test_a_minute_either_side_of_midnight_is_shown_as_a_time(request_ctx):
    assert ukdatetime(datetime(2026, 10, 4, 22, 59, tzinfo=UTC)) == "4 October 2026, 23:59"
    assert ukdatetime(datetime(2026, 10, 4, 23, 1, tzinfo=UTC)) == "5 October 2026, 00:01"


def test_something_that_starts_at_midnight_says_the_start_of_the_day(request_ctx):
    assert ukdatetime(SUMMER_MIDNIGHT, starting=True) == "midnight at the start of 5 October 2026"


def test_the_day_the_clocks_go_back(request_ctx):
    # 25 October 2026: BST ends. Midnight that night is 00:00 GMT on the 26th.
    assert ukdatetime(datetime(2026, 10, 26, 0, 0, tzinfo=UTC)) == (
        "midnight at the end of 25 October 2026"
    )
    assert ukdatetime(datetime(2026, 10, 24, 23, 0, tzinfo=UTC)) == (
        "midnight at the end of 24 October 2026"
    )


def test_midnight_in_welsh(request_ctx):
    with force_locale("cy"):
        assert ukdatetime(SUMMER_MIDNIGHT) == "hanner nos ar ddiwedd 4 Hydref 2026"
        assert ukdatetime(SUMMER_MIDNIGHT, starting=True) == (
            "hanner nos ar ddechrau 5 Hydref 2026"
        )
        assert uktime(SUMMER_MIDNIGHT) == "hanner nos"


def test_a_time_of_day_at_midnight_says_midnight(request_ctx):
    assert uktime(SUMMER_MIDNIGHT) == "midnight"
    assert uktime(datetime(2026, 10, 4, 13, 30, tzinfo=UTC)) == "14:30"
