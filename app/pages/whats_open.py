"""What a visitor can take part in now, for the home page.

Each list is one query whatever its length, so the home page costs the
same number of queries however much is open. Nothing here depends on who
is looking, so the page can be cached for every anonymous visitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from app.challenges.models import ChallengeService, ChallengeWindow
from app.challenges.windows import council_today
from app.consultations.models import Consultation
from app.events.models import Event
from app.surveys.models import SurveyWave

# How many of each to show; the lists link to the rest.
CONSULTATIONS_SHOWN = 5
EVENTS_SHOWN = 3
WINDOWS_SHOWN = 5


@dataclass(frozen=True)
class OpenNow:
    consultations: list[Consultation]
    events: list[Event]
    windows: list[ChallengeWindow]
    # The wave open now, or else the next one to open (None when neither).
    wave: SurveyWave | None
    wave_open: bool

    @property
    def anything(self) -> bool:
        return bool(self.consultations or self.events or self.windows or self.wave)


def open_now(session: Session, now: datetime) -> OpenNow:
    consultations = session.scalars(
        select(Consultation)
        .where(
            Consultation.published.is_(True),
            Consultation.opens_at <= now,
            Consultation.closes_at > now,
        )
        .order_by(Consultation.closes_at, Consultation.id)
        .limit(CONSULTATIONS_SHOWN)
    ).all()
    events = session.scalars(
        select(Event)
        .where(Event.status == "published", Event.starts_at > now)
        .order_by(Event.starts_at, Event.id)
        .limit(EVENTS_SHOWN)
    ).all()
    today = council_today(now)
    windows = (
        session.scalars(
            select(ChallengeWindow)
            .join(ChallengeWindow.service)
            .options(contains_eager(ChallengeWindow.service))
            .where(
                ChallengeWindow.opens_on <= today,
                ChallengeWindow.closes_on >= today,
                ChallengeService.exclusion_code.is_(None),
            )
            .order_by(ChallengeWindow.closes_on, ChallengeService.name)
            .limit(WINDOWS_SHOWN)
        )
        .unique()
        .all()
    )
    # The wave open now or, failing that, the next to open: one query either way.
    wave = session.scalar(
        select(SurveyWave)
        .where(SurveyWave.confirmed.is_(True), SurveyWave.closes_at > now)
        .order_by(SurveyWave.opens_at)
        .limit(1)
    )
    return OpenNow(
        consultations=list(consultations),
        events=list(events),
        windows=list(windows),
        wave=wave,
        wave_open=bool(wave and wave.opens_at <= now),
    )
