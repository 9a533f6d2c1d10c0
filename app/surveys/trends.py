"""How each core question's answers moved from wave to wave.

A core question is followed by its stable code. Where a wave asked it in
different words from the wave before, the change is marked, because the
answers may have moved with the words rather than with the world.

Figures for every wave shown come from two grouped queries in all,
whatever the number of waves or responses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.surveys.counts_cache import counts_for
from app.surveys.models import (
    MULTIPLE,
    SCALE,
    SINGLE,
    SurveyQuestion,
    SurveyWave,
)
from app.surveys.results import (
    GOOD_RATINGS,
    SCALE_POINTS,
    mean_of,
    percent,
)
from app.surveys.text import choice_label

# The trend pages show at most this many waves, the newest ones.
TREND_WAVES = 8


@dataclass
class Cell:
    count: int
    base: int

    @property
    def percent(self) -> float:
        return percent(self.count, self.base)


@dataclass
class TrendOption:
    key: str
    label: str
    # One per wave in the trend's order; None where the wave did not offer it.
    cells: list[Cell | None]


@dataclass
class WordingChange:
    wave: SurveyWave
    before: SurveyQuestion
    after: SurveyQuestion


@dataclass
class QuestionTrend:
    code: str
    kind: str
    # The newest wave's copy of the question: its words head the trend.
    question: SurveyQuestion
    waves: list[SurveyWave]
    # The question as each wave asked it (None where a wave did not).
    asked: list[SurveyQuestion | None]
    bases: list[int]
    options: list[TrendOption] = field(default_factory=list)
    # Rating questions only: per wave.
    means: list[float | None] = field(default_factory=list)
    good: list[Cell | None] = field(default_factory=list)
    changes: list[WordingChange] = field(default_factory=list)

    def changed_in(self, wave: SurveyWave) -> WordingChange | None:
        for change in self.changes:
            if change.wave.id == wave.id:
                return change
        return None


def trend_waves(
    session: Session,
    *,
    published_only: bool = False,
    limit: int = TREND_WAVES,
    now: datetime | None = None,
) -> list[SurveyWave]:
    """The newest waves that have opened (or, for the public, closed with
    a published response), oldest first."""
    now = now or utcnow()
    stmt = select(SurveyWave).where(SurveyWave.confirmed.is_(True), SurveyWave.opens_at <= now)
    if published_only:
        stmt = stmt.where(SurveyWave.closes_at <= now, SurveyWave.summary_published_at.is_not(None))
    waves = list(session.scalars(stmt.order_by(SurveyWave.opens_at.desc()).limit(limit)))
    waves.reverse()
    return waves


def core_trends(session: Session, waves: list[SurveyWave]) -> list[QuestionTrend]:
    """A trend for every core choice or rating question any of the waves asked."""
    if not waves:
        return []
    counts = counts_for(session, waves, None, core_only=True)
    asked_by_code: dict[str, list[SurveyQuestion | None]] = {}
    order: dict[str, int] = {}
    for index, wave in enumerate(waves):
        for question in wave.questions:
            if not question.core or question.kind not in (SINGLE, MULTIPLE, SCALE):
                continue
            asked_by_code.setdefault(question.code, [None] * len(waves))[index] = question
            order[question.code] = question.position
    trends = []
    for code in sorted(asked_by_code, key=lambda code: order[code]):
        asked = asked_by_code[code]
        newest = next(question for question in reversed(asked) if question is not None)
        bases = []
        chosen: list[Counter] = []
        ratings: list[Counter] = []
        for wave, question in zip(waves, asked, strict=True):
            base, choices, numbers = counts.get((wave.id, code), (0, Counter(), Counter()))
            bases.append(base if question is not None else 0)
            chosen.append(choices)
            ratings.append(numbers)
        trend = QuestionTrend(
            code=code, kind=newest.kind, question=newest, waves=waves, asked=asked, bases=bases
        )
        trend.options = _options(trend, chosen, ratings)
        if newest.kind == SCALE:
            for question, base, numbers in zip(asked, bases, ratings, strict=True):
                if question is None:
                    trend.means.append(None)
                    trend.good.append(None)
                    continue
                distribution = {point: numbers[point] for point in SCALE_POINTS}
                trend.means.append(mean_of(distribution))
                trend.good.append(Cell(sum(distribution[p] for p in GOOD_RATINGS), base))
        trend.changes = _wording_changes(waves, asked)
        trends.append(trend)
    return trends


def _options(trend: QuestionTrend, chosen: list[Counter], ratings: list[Counter]):
    if trend.kind == SCALE:
        keys = [(str(point), choice_label(trend.question, str(point))) for point in SCALE_POINTS]
    else:
        # The newest wording's options first, then any an older wave offered.
        keys, seen = [], set()
        for question in [trend.question, *reversed(trend.asked)]:
            if question is None:
                continue
            for choice in question.choices:
                if choice["key"] not in seen:
                    seen.add(choice["key"])
                    keys.append((choice["key"], choice_label(question, choice["key"])))
    options = []
    for key, label in keys:
        cells = []
        for index, question in enumerate(trend.asked):
            offered = question is not None and (
                trend.kind == SCALE or any(c["key"] == key for c in question.choices)
            )
            if not offered:
                cells.append(None)
                continue
            count = ratings[index][int(key)] if trend.kind == SCALE else chosen[index][key]
            cells.append(Cell(count, trend.bases[index]))
        options.append(TrendOption(key, label, cells))
    return options


def _wording_changes(waves, asked) -> list[WordingChange]:
    changes = []
    previous = None
    for wave, question in zip(waves, asked, strict=True):
        if question is None:
            continue
        if previous is not None and question.text.strip() != previous.text.strip():
            changes.append(WordingChange(wave, previous, question))
        previous = question
    return changes
