"""What people said: counts and percentages for each question, free-text
answers with their inbox themes, and every response for export.

Each page of analysis costs a fixed number of queries however many
responses there are: the answers are read in one query and counted here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consultations.choices import (
    FREE_TEXT,
    MULTIPLE,
    RANKING,
    SCALE,
    SCALE_POINTS,
    YES_NO,
    YES_NO_POINTS,
)
from app.consultations.models import Consultation, ConsultationAnswer, ConsultationResponse
from app.consultations.responding import YOUNG
from app.core.london_time import in_london
from app.inbox.models import InboxTag, inbox_item_tag

VERSIONS = ("adult", "young_people")
RESPONDENT_TYPES = ("individual", "organisation")


@dataclass
class Filters:
    version: str = ""
    respondent: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.version or self.respondent or self.date_from or self.date_to)

    def query_args(self) -> dict:
        args = {}
        if self.version:
            args["version"] = self.version
        if self.respondent:
            args["respondent"] = self.respondent
        return args


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    # (code, label, count, percent) for choice questions
    rows: list[tuple] = field(default_factory=list)
    # free text: (reference, version, text, themes)
    texts: list[tuple] = field(default_factory=list)


def _london_start(day: date) -> datetime:
    return in_london(day)


def response_filter(stmt, consultation: Consultation, filters: Filters):
    stmt = stmt.where(ConsultationResponse.consultation_id == consultation.id)
    if filters.version in VERSIONS:
        stmt = stmt.where(ConsultationResponse.version == filters.version)
    if filters.respondent in RESPONDENT_TYPES:
        stmt = stmt.where(ConsultationResponse.respondent_type == filters.respondent)
    if filters.date_from:
        stmt = stmt.where(ConsultationResponse.submitted_at >= _london_start(filters.date_from))
    if filters.date_to:
        end = _london_start(filters.date_to + timedelta(days=1))
        stmt = stmt.where(ConsultationResponse.submitted_at < end)
    return stmt


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def analyse(session: Session, consultation: Consultation, filters: Filters):
    """(number of responses, [QuestionResult, ...]) for the filtered responses."""
    responses = session.execute(
        response_filter(
            select(
                ConsultationResponse.id,
                ConsultationResponse.reference,
                ConsultationResponse.version,
                ConsultationResponse.inbox_item_id,
            ),
            consultation,
            filters,
        )
    ).all()
    total = len(responses)
    by_id = {row.id: row for row in responses}
    answers = session.execute(
        response_filter(
            select(
                ConsultationAnswer.response_id,
                ConsultationAnswer.question_id,
                ConsultationAnswer.value,
            ).join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id),
            consultation,
            filters,
        ).order_by(ConsultationAnswer.response_id)
    ).all()
    per_question: dict[int, list] = defaultdict(list)
    for answer in answers:
        per_question[answer.question_id].append(answer)

    item_ids = {
        by_id[a.response_id].inbox_item_id
        for q in consultation.questions
        if q.kind == FREE_TEXT
        for a in per_question[q.id]
        if by_id[a.response_id].inbox_item_id
    }
    themes: dict[int, list[str]] = defaultdict(list)
    if item_ids:
        for item_id, name in session.execute(
            select(inbox_item_tag.c.item_id, InboxTag.name)
            .join(InboxTag, InboxTag.id == inbox_item_tag.c.tag_id)
            .where(inbox_item_tag.c.item_id.in_(sorted(item_ids)))
            .order_by(InboxTag.name)
        ):
            themes[item_id].append(name)

    results = []
    for question in consultation.questions:
        given = per_question[question.id]
        result = QuestionResult(question=question, answered=len(given))
        if question.kind == FREE_TEXT:
            for answer in given:
                response = by_id[answer.response_id]
                result.texts.append(
                    (
                        response.reference,
                        response.version,
                        str(answer.value),
                        themes.get(response.inbox_item_id, []),
                    )
                )
        elif question.kind == RANKING:
            # Adults rank every option; young people pick their top few,
            # which is counted apart (it is not a ranking).
            first = Counter()
            rank_sum = Counter()
            picked = Counter()
            ranked = [a for a in given if by_id[a.response_id].version != YOUNG]
            for answer in given:
                if not (isinstance(answer.value, list) and answer.value):
                    continue
                if by_id[answer.response_id].version == YOUNG:
                    for option in answer.value:
                        picked[option] += 1
                    continue
                first[answer.value[0]] += 1
                for rank, option in enumerate(answer.value, 1):
                    rank_sum[option] += rank
            # Counted by key: answers given in Welsh and English count together.
            for option in question.options:
                key = option["key"]
                average = round(rank_sum[key] / len(ranked), 1) if ranked else None
                result.rows.append(
                    (
                        key,
                        option["en"],
                        first[key],
                        _percent(first[key], total),
                        average,
                        picked[key],
                    )
                )
        else:
            counts = Counter()
            for answer in given:
                values = answer.value if question.kind == MULTIPLE else [answer.value]
                for value in values if isinstance(values, list) else []:
                    counts[value] += 1
            for code, label in _options(question):
                result.rows.append((code, label, counts[code], _percent(counts[code], total)))
            missed = total - len(given)
            result.rows.append(("", None, missed, _percent(missed, total)))
        results.append(result)
    return total, results


def _options(question) -> list[tuple[str, object]]:
    if question.kind == SCALE:
        return list(SCALE_POINTS.items())
    if question.kind == YES_NO:
        return list(YES_NO_POINTS.items())
    # By key, labelled in English for staff, whichever language people answered in.
    return [(option["key"], option["en"]) for option in question.options]


# Counts smaller than this are shown as "fewer than 5", so a small group of
# respondents cannot be picked out from the equality totals.
SMALL_NUMBER = 5


def equality_totals(session: Session, consultation: Consultation) -> list[tuple]:
    """[(field, question label, [(answer label, count or None)]), ...] where
    None means a count too small to show."""
    from app.consultations.choices import EQUALITY_QUESTIONS, PREFER_NOT
    from app.consultations.models import EqualityMonitoring

    records = session.execute(
        select(*(getattr(EqualityMonitoring, name) for name in EQUALITY_QUESTIONS)).where(
            EqualityMonitoring.consultation_id == consultation.id
        )
    ).all()
    totals = []
    for index, (name, (label, options)) in enumerate(EQUALITY_QUESTIONS.items()):
        counts = Counter(row[index] for row in records if row[index])
        shown = []
        for code, option_label in [*options, PREFER_NOT]:
            count = counts[code]
            shown.append((option_label, count if count == 0 or count >= SMALL_NUMBER else None))
        totals.append((name, label, shown))
    return totals
