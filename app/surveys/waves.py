"""Creating waves and proposing the next one six months on."""

from __future__ import annotations

import calendar
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.surveys.catalogue import core_question_rows
from app.surveys.models import CLOSED, SurveyQuestion, SurveyWave

WAVE_INTERVAL_MONTHS = 6


def add_months(when: datetime, months: int) -> datetime:
    """The same day and time `months` later, or the month's last day when
    it is shorter (31 August + 6 months is 28 or 29 February)."""
    month_index = when.month - 1 + months
    year, month = when.year + month_index // 12, month_index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def season_titles(opens_at: datetime) -> tuple[str, str]:
    """ "Spring 2027" in English and Welsh: waves open in spring or autumn."""
    spring = 2 <= opens_at.month <= 7
    titles = []
    for locale in ("en_GB", "cy"):
        with force_locale(locale):
            if spring:
                titles.append(_("Spring %(year)s survey", year=opens_at.year))
            else:
                titles.append(_("Autumn %(year)s survey", year=opens_at.year))
    return titles[0], titles[1]


def unique_slug(session: Session, opens_at: datetime) -> str:
    base = f"{opens_at.year}-{opens_at.month:02d}"
    slug, number = base, 1
    while session.scalar(select(SurveyWave.id).where(SurveyWave.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_wave(
    session: Session,
    opens_at: datetime,
    closes_at: datetime,
    *,
    confirmed: bool,
    title: str | None = None,
    title_cy: str | None = None,
) -> SurveyWave:
    """A wave holding a fresh copy of the core questions."""
    english, welsh = season_titles(opens_at)
    wave = SurveyWave(
        slug=unique_slug(session, opens_at),
        title=title or english,
        title_cy=title_cy if title_cy is not None else welsh,
        opens_at=opens_at,
        closes_at=closes_at,
        confirmed=confirmed,
    )
    wave.questions = [SurveyQuestion(**row) for row in core_question_rows()]
    session.add(wave)
    session.flush()
    return wave


def latest_wave(session: Session) -> SurveyWave | None:
    return session.scalar(select(SurveyWave).order_by(SurveyWave.opens_at.desc()).limit(1))


def propose_next_wave(session: Session) -> SurveyWave | None:
    """Propose the wave after the latest confirmed one, six months on and
    as long, unless a later wave (proposed or confirmed) already exists."""
    latest = latest_wave(session)
    if latest is None or not latest.confirmed:
        return None
    opens_at = add_months(latest.opens_at, WAVE_INTERVAL_MONTHS)
    closes_at = opens_at + (latest.closes_at - latest.opens_at)
    return create_wave(session, opens_at, closes_at, confirmed=False)


def propose_when_due(session: Session, now: datetime | None = None) -> SurveyWave | None:
    """What the daily command does once the latest wave has closed: propose
    the next, so staff find it waiting for them to confirm or adjust."""
    now = now or utcnow()
    latest = latest_wave(session)
    if latest is None or latest.status_at(now) != CLOSED:
        return None
    return propose_next_wave(session)


def waves_newest_first(session: Session) -> list[SurveyWave]:
    return list(session.scalars(select(SurveyWave).order_by(SurveyWave.opens_at.desc())))


def open_wave(session: Session, now: datetime | None = None) -> SurveyWave | None:
    """The wave taking answers now, if any (at most one at a time)."""
    now = now or utcnow()
    return session.scalar(
        select(SurveyWave)
        .where(
            SurveyWave.confirmed.is_(True),
            SurveyWave.opens_at <= now,
            SurveyWave.closes_at > now,
        )
        .order_by(SurveyWave.opens_at)
        .limit(1)
    )
