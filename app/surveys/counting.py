"""The filters a results page offers, and the SQL that counts sent answers
under them: what both a wave's results (`results.py`) and the cached counts
behind trends (`counts_cache.py`) are built on."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from app.surveys.models import SUBMITTED, SurveyAnswer, SurveyQuestion, SurveyResponse


@dataclass
class Filters:
    org_type: str = ""
    income_band: str = ""
    theme: str = ""
    # Which page of free-text answers to show.
    text_page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.org_type or self.income_band)

    def query_args(self) -> dict:
        args = {}
        if self.org_type:
            args["org_type"] = self.org_type
        if self.income_band:
            args["income_band"] = self.income_band
        return args


def submitted(stmt, wave_ids, filters: Filters | None = None):
    """Limit a statement joined to SurveyResponse to sent responses to the
    given wave(s) that match the filters."""
    if isinstance(wave_ids, int):
        stmt = stmt.where(SurveyResponse.wave_id == wave_ids)
    else:
        stmt = stmt.where(SurveyResponse.wave_id.in_(list(wave_ids)))
    stmt = stmt.where(SurveyResponse.state == SUBMITTED)
    if filters is not None:
        if filters.org_type:
            stmt = stmt.where(SurveyResponse.org_type == filters.org_type)
        if filters.income_band:
            stmt = stmt.where(SurveyResponse.income_band == filters.income_band)
    return stmt


def answer_counts(session: Session, wave_ids, filters: Filters | None, core_only: bool):
    """{(wave_id, question code): (base, Counter of choice keys, Counter of ratings)}."""
    joined = (
        select(
            SurveyQuestion.wave_id,
            SurveyQuestion.code,
            SurveyAnswer.choice,
            SurveyAnswer.number,
            func.count(SurveyAnswer.id),
        )
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(or_(SurveyAnswer.choice.is_not(None), SurveyAnswer.number.is_not(None)))
        .group_by(
            SurveyQuestion.wave_id, SurveyQuestion.code, SurveyAnswer.choice, SurveyAnswer.number
        )
    )
    bases = (
        select(
            SurveyQuestion.wave_id,
            SurveyQuestion.code,
            func.count(distinct(SurveyAnswer.response_id)),
        )
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(
            or_(
                SurveyAnswer.choice.is_not(None),
                SurveyAnswer.number.is_not(None),
                SurveyAnswer.text.is_not(None) & (SurveyAnswer.text != ""),
            )
        )
        .group_by(SurveyQuestion.wave_id, SurveyQuestion.code)
    )
    if core_only:
        joined = joined.where(SurveyQuestion.core.is_(True))
        bases = bases.where(SurveyQuestion.core.is_(True))
    found: dict[tuple[int, str], list] = defaultdict(lambda: [0, Counter(), Counter()])
    for wave_id, code, base in session.execute(submitted(bases, wave_ids, filters)):
        found[(wave_id, code)][0] = base
    for wave_id, code, choice, number, count in session.execute(
        submitted(joined, wave_ids, filters)
    ):
        entry = found[(wave_id, code)]
        if number is not None:
            entry[2][number] += count
        if choice is not None:
            entry[1][choice] += count
    return found
