"""One wave's results: who was invited and who answered, and what the
answers add up to, question by question.

Only sent (submitted) responses count. Every figure is a GROUP BY in the
database, so a page of results costs the same handful of queries however
many organisations answered.

Percentages for a choice question are of the organisations that were asked
the question and answered it (its "base"), not of every response: a
question shown only to those who did not bid is not diluted by those who
did, and for a question where several options may be chosen the
percentages add up to more than 100.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.suppliers.models import Supplier
from app.surveys.catalogue import INCOME_BAND, ORG_TYPE
from app.surveys.counting import Filters, submitted
from app.surveys.counts_cache import counts_for
from app.surveys.models import (
    MULTIPLE,
    SCALE,
    SINGLE,
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.text import choice_label, choice_options

SCALE_POINTS = (1, 2, 3, 4, 5)
# Ratings of 4 or 5 count as "good".
GOOD_RATINGS = (4, 5)


TEXT_PAGE_SIZE = 50


@dataclass
class WaveSummary:
    invitations: int = 0
    invited_submitted: int = 0
    open_link: int = 0
    in_progress: int = 0

    @property
    def total(self) -> int:
        return self.invited_submitted + self.open_link

    @property
    def response_rate(self) -> float | None:
        """Sent invited responses as a percentage of invitations."""
        if not self.invitations:
            return None
        return percent(self.invited_submitted, self.invitations)


@dataclass
class OptionRow:
    key: str
    label: str
    count: int
    percent: float


@dataclass
class TextAnswer:
    id: int
    text: str
    themes: list[str]
    # None unless the organisation agreed to be identified.
    organisation: str | None


@dataclass
class QuestionResult:
    question: SurveyQuestion
    # Responses that answered the question: the base of its percentages.
    base: int = 0
    # Responses (after filters) that left it unanswered or were not asked it.
    not_answered: int = 0
    rows: list[OptionRow] = field(default_factory=list)
    mean: float | None = None
    good_count: int = 0
    texts: list[TextAnswer] = field(default_factory=list)
    theme_counts: list[tuple[str, int]] = field(default_factory=list)
    # Free text is shown a page at a time: a wave can have hundreds.
    text_total: int = 0
    text_offset: int = 0
    text_pages: int = 1
    text_page: int = 1

    @property
    def good_percent(self) -> float:
        return percent(self.good_count, self.base)


def percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def mean_of(distribution: dict[int, int]) -> float | None:
    answered = sum(distribution.values())
    if not answered:
        return None
    return round(sum(point * count for point, count in distribution.items()) / answered, 2)


def wave_summary(session: Session, wave: SurveyWave) -> WaveSummary:
    invitations = session.scalar(
        select(func.count(SurveyInvitation.id)).where(SurveyInvitation.wave_id == wave.id)
    )
    invited = SurveyResponse.invitation_id.is_not(None)
    row = session.execute(
        select(
            func.coalesce(
                func.sum(case((invited & (SurveyResponse.state == SUBMITTED), 1), else_=0)), 0
            ),
            func.coalesce(
                func.sum(case((~invited & (SurveyResponse.state == SUBMITTED), 1), else_=0)), 0
            ),
            func.coalesce(func.sum(case((SurveyResponse.state != SUBMITTED, 1), else_=0)), 0),
        ).where(SurveyResponse.wave_id == wave.id)
    ).one()
    return WaveSummary(
        invitations=invitations or 0,
        invited_submitted=int(row[0]),
        open_link=int(row[1]),
        in_progress=int(row[2]),
    )


def submitted_counts(session: Session, wave_ids: list[int]) -> dict[int, int]:
    """How many sent responses each wave has, in one query."""
    if not wave_ids:
        return {}
    rows = session.execute(
        submitted(select(SurveyResponse.wave_id, func.count(SurveyResponse.id)), wave_ids).group_by(
            SurveyResponse.wave_id
        )
    ).all()
    return dict(rows)


def filtered_total(session: Session, wave: SurveyWave, filters: Filters) -> int:
    return session.scalar(submitted(select(func.count(SurveyResponse.id)), wave.id, filters))


def _texts(session: Session, wave: SurveyWave, filters: Filters) -> dict[int, list[TextAnswer]]:
    rows = session.execute(
        submitted(
            select(
                SurveyAnswer.id,
                SurveyAnswer.question_id,
                SurveyAnswer.text,
                SurveyAnswer.themes,
                SurveyResponse.may_identify,
                SurveyResponse.organisation_name,
                Supplier.name,
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .outerjoin(Supplier, Supplier.id == SurveyResponse.supplier_id)
            .where(SurveyQuestion.kind == TEXT)
            .where(SurveyAnswer.text.is_not(None), SurveyAnswer.text != "")
            .order_by(SurveyAnswer.id),
            wave.id,
            filters,
        )
    ).all()
    texts: dict[int, list[TextAnswer]] = defaultdict(list)
    for answer_id, question_id, text, themes, may_identify, own_name, supplier_name in rows:
        organisation = (own_name or supplier_name or None) if may_identify else None
        texts[question_id].append(TextAnswer(answer_id, text, list(themes or []), organisation))
    return texts


def question_results(
    session: Session, wave: SurveyWave, filters: Filters, *, with_texts: bool = True
) -> tuple[int, list[QuestionResult]]:
    """(responses matching the filters, a result for each question)."""
    total = filtered_total(session, wave, filters)
    counts = counts_for(session, [wave], filters, core_only=False)
    texts = _texts(session, wave, filters) if with_texts else {}
    results = []
    for question in wave.questions:
        base, chosen, ratings = counts.get((wave.id, question.code), (0, Counter(), Counter()))
        result = QuestionResult(question=question, base=base, not_answered=total - base)
        if question.kind in (SINGLE, MULTIPLE):
            result.rows = [
                OptionRow(key, label, chosen[key], percent(chosen[key], base))
                for key, label in choice_options(question)
            ]
        elif question.kind == SCALE:
            distribution = {point: ratings[point] for point in SCALE_POINTS}
            result.rows = [
                OptionRow(
                    str(point),
                    choice_label(question, str(point)),
                    distribution[point],
                    percent(distribution[point], base),
                )
                for point in SCALE_POINTS
            ]
            result.mean = mean_of(distribution)
            result.good_count = sum(distribution[point] for point in GOOD_RATINGS)
        elif question.kind == TEXT:
            given = texts.get(question.id, [])
            themes = Counter(theme for answer in given for theme in answer.themes)
            result.theme_counts = sorted(themes.items(), key=lambda item: (-item[1], item[0]))
            if filters.theme:
                given = [answer for answer in given if filters.theme in answer.themes]
            result.text_total = len(given)
            result.text_pages = max(1, -(-len(given) // TEXT_PAGE_SIZE))
            page = min(max(filters.text_page, 1), result.text_pages)
            result.text_page = page
            result.text_offset = (page - 1) * TEXT_PAGE_SIZE
            result.texts = given[result.text_offset : result.text_offset + TEXT_PAGE_SIZE]
        results.append(result)
    return total, results


def filter_choices(wave: SurveyWave) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The organisation types and income bands this wave offered."""
    by_code = {question.code: question for question in wave.questions}
    org_types = choice_options(by_code[ORG_TYPE]) if ORG_TYPE in by_code else []
    bands = choice_options(by_code[INCOME_BAND]) if INCOME_BAND in by_code else []
    return org_types, bands
