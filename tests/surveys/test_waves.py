"""Waves: a fresh copy of the core questions each time, and the next wave
proposed six months after the last."""

from __future__ import annotations

from datetime import UTC, datetime

from app.surveys.catalogue import CORE_QUESTIONS
from app.surveys.models import CLOSED, OPEN, PROPOSED, SCHEDULED
from app.surveys.waves import add_months, create_wave, open_wave, propose_next_wave


def when(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_wave_asks_every_core_question_in_english_and_welsh(session):
    wave = create_wave(session, when(2026, 9, 1, 8), when(2026, 9, 29, 16), confirmed=True)

    assert [q.code for q in wave.questions] == [spec["code"] for spec in CORE_QUESTIONS]
    rating = next(q for q in wave.questions if q.code == "relationship")
    assert rating.text == "Overall, how good is your relationship with the council?"
    assert rating.text_cy == "At ei gilydd, pa mor dda yw eich perthynas â’r cyngor?"
    assert [c["key"] for c in rating.choices] == ["1", "2", "3", "4", "5"]
    assert (wave.title, wave.title_cy) == ("Autumn 2026 survey", "Arolwg hydref 2026")


def test_barriers_are_asked_only_of_those_who_did_not_bid(session):
    wave = create_wave(session, when(2026, 9, 1, 8), when(2026, 9, 29, 16), confirmed=True)
    barriers = next(q for q in wave.questions if q.code == "bid_barriers")
    assert barriers.show_if == {"code": "bid", "keys": ["considered", "no"]}


def test_the_next_wave_is_proposed_six_months_on_and_as_long(session):
    create_wave(session, when(2026, 8, 31, 8), when(2026, 9, 28, 16), confirmed=True)

    proposed = propose_next_wave(session)

    # 31 August + 6 months is the last day of February.
    assert proposed.opens_at == when(2027, 2, 28, 8)
    assert proposed.closes_at == when(2027, 3, 28, 16)
    assert proposed.status == PROPOSED
    assert proposed.title == "Spring 2027 survey"
    # Nothing more is proposed until staff confirm it.
    assert propose_next_wave(session) is None


def test_wave_status_follows_confirmation_and_dates(session):
    wave = create_wave(session, when(2026, 9, 1, 8), when(2026, 9, 29, 16), confirmed=False)
    assert wave.status_at(when(2026, 9, 10)) == PROPOSED
    wave.confirmed = True
    assert wave.status_at(when(2026, 8, 1)) == SCHEDULED
    assert wave.status_at(when(2026, 9, 10)) == OPEN
    assert wave.status_at(when(2026, 9, 29, 16)) == CLOSED


def test_only_a_confirmed_wave_within_its_dates_is_open(session):
    create_wave(session, when(2026, 3, 1, 8), when(2026, 3, 29, 16), confirmed=True)
    autumn = create_wave(session, when(2026, 9, 1, 8), when(2026, 9, 29, 16), confirmed=True)
    create_wave(session, when(2026, 10, 1, 8), when(2026, 10, 29, 16), confirmed=False)

    assert open_wave(session, when(2026, 9, 15)) == autumn
    assert open_wave(session, when(2026, 10, 15)) is None


def test_add_months_keeps_the_day_where_the_month_has_it():
    assert add_months(when(2026, 3, 15, 9), 6) == when(2026, 9, 15, 9)
    assert add_months(when(2026, 10, 31, 9), 6) == when(2027, 4, 30, 9)


def test_the_daily_command_proposes_the_next_wave_once_the_latest_has_closed(app, session):
    from datetime import timedelta

    from app.core.db import utcnow
    from app.surveys.models import SurveyWave

    now = utcnow()
    create_wave(session, now - timedelta(days=10), now + timedelta(days=5), confirmed=True)
    session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["send-survey-invitations"])
    assert result.exit_code == 0, result.output
    assert "proposed" not in result.output
    assert session.query(SurveyWave).count() == 1

    wave = session.query(SurveyWave).one()
    wave.closes_at = now - timedelta(hours=1)
    session.commit()
    result = runner.invoke(args=["send-survey-invitations"])
    assert "Next wave proposed for staff to confirm" in result.output
    proposed = session.query(SurveyWave).filter_by(confirmed=False).one()
    assert proposed.opens_at == add_months(wave.opens_at, 6)

    # Run again the next day: still one proposal, waiting for staff.
    result = app.test_cli_runner().invoke(args=["send-survey-invitations"])
    assert "proposed" not in result.output
    assert session.query(SurveyWave).count() == 2
