"""Procurement Act 2023 s.93 pipeline notices: which plan items a council must
list, by when, and the boundaries the Act draws (more than £2 million, the 56
days from 1 April, the 18-month reporting period, London dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.plans.models import PlanItem
from app.plans.pipeline import (
    Period,
    current_period,
    is_ppon,
    judge,
    normalise_ppon,
)

PERIOD = Period(date(2027, 4, 1))


def item(**fields) -> PlanItem:
    values = {
        "status": "published",
        "procurement_route": "open",
        "estimated_total_value": 5_000_000,
        "value_gross": None,
        "estimated_notice_date": date(2027, 9, 1),
        "tender_publication_date": None,
    }
    values.update(fields)
    return PlanItem(**values)


def test_s93_the_period_runs_18_months_from_1_april_and_day_56_is_26_may():
    assert PERIOD.end == date(2028, 9, 30)
    assert PERIOD.deadline == date(2027, 5, 26)
    assert PERIOD.days_left(date(2027, 4, 1)) == 55
    assert PERIOD.days_left(date(2027, 5, 26)) == 0
    assert PERIOD.days_left(date(2027, 5, 27)) == -1


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2027, 3, 31), date(2026, 4, 1)),
        (date(2027, 4, 1), date(2027, 4, 1)),
        (date(2028, 1, 15), date(2027, 4, 1)),
    ],
)
def test_s93_the_period_starts_on_the_1_april_before_today(today, start):
    assert current_period(today).start == start


def test_s93_the_first_day_is_1_april_in_london_not_utc():
    # 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (BST).
    from app.core.london_time import london_today

    late = datetime(2027, 3, 31, 23, 30, tzinfo=UTC)
    assert current_period(london_today(late)).start == date(2027, 4, 1)
    early = datetime(2027, 3, 31, 22, 59, tzinfo=UTC)
    assert current_period(london_today(early)).start == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("value", "gross", "qualifies"),
    [
        (2_000_000, None, False),  # exactly £2m: not "more than"
        (2_000_001, None, True),
        (1_900_000, 2_280_000, True),  # VAT takes it over: the gross value counts
        (2_500_000, 2_000_000, False),
    ],
)
def test_s93_only_contracts_over_2m_including_vat(value, gross, qualifies):
    verdict = judge(item(estimated_total_value=value, value_gross=gross), PERIOD)
    assert verdict.qualifies is qualifies


@pytest.mark.parametrize(
    ("day", "qualifies"),
    [
        (date(2027, 3, 31), False),
        (date(2027, 4, 1), True),
        (date(2028, 9, 30), True),  # the last day of the 18 months
        (date(2028, 10, 1), False),
    ],
)
def test_s93_only_notices_expected_in_the_18_month_period(day, qualifies):
    assert judge(item(estimated_notice_date=day), PERIOD).qualifies is qualifies


def test_every_verdict_says_why():
    verdict = judge(item(estimated_total_value=2_000_000), PERIOD)
    reasons = [str(r) for r in verdict.reasons]
    assert "Estimated value is £2 million or less." in reasons
    verdict = judge(item(procurement_route="in_house", estimated_notice_date=None), PERIOD)
    reasons = [str(r) for r in verdict.reasons]
    assert "Not a procurement under the Act, so there is no tender notice." in reasons
    assert "No estimated date for the tender or transparency notice." in reasons
    # Without an estimated notice date, the planned tender date is used.
    assert judge(
        item(estimated_notice_date=None, tender_publication_date=date(2027, 6, 1)), PERIOD
    ).qualifies


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("PLLH-1887-BMRL", True),
        (" pllh-1887-bmrl ", True),
        ("PLLH1887BMRL", False),
        ("XLLH-1887-BMRL", False),
        ("PLLH-18A7-BMRL", False),
        ("", False),
    ],
)
def test_a_ppon_is_format_checked(text, valid):
    assert is_ppon(text) is valid
    if valid:
        assert normalise_ppon(text) == "PLLH-1887-BMRL"
