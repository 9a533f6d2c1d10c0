"""A wave's responses, one row each, and the trend series, as CSV or XLSX.

An organisation is named only where it agreed to be identified; every
other row says "Anonymous". Cells that a spreadsheet could read as a
formula are defused (app/core/spreadsheets.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from flask_babel import format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.spreadsheets import csv_lines, xlsx_bytes
from app.suppliers.models import Supplier
from app.surveys.models import (
    MULTIPLE,
    SCALE,
    TEXT,
    SurveyAnswer,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.results import Filters, submitted
from app.surveys.trends import QuestionTrend

ANONYMOUS = "Anonymous"


def _english_label(question, key: str) -> str:
    for choice in question.choices:
        if choice["key"] == key:
            return choice["en"]
    return key


def response_header(wave: SurveyWave) -> list[str]:
    header = ["Response", "Sent", "How they answered", "Organisation"]
    for question in wave.questions:
        header.append(question.text)
        if question.kind == TEXT:
            header.append(f"{question.text} (themes)")
    return header


def response_rows(session: Session, wave: SurveyWave, filters: Filters) -> Iterator[list]:
    responses = session.execute(
        submitted(
            select(
                SurveyResponse.id,
                SurveyResponse.submitted_at,
                SurveyResponse.invitation_id,
                SurveyResponse.may_identify,
                SurveyResponse.organisation_name,
                Supplier.name,
            )
            .outerjoin(Supplier, Supplier.id == SurveyResponse.supplier_id)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id),
            wave.id,
            filters,
        )
    ).all()
    answers: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, choice, number, text, themes in session.execute(
        submitted(
            select(
                SurveyAnswer.response_id,
                SurveyAnswer.question_id,
                SurveyAnswer.choice,
                SurveyAnswer.number,
                SurveyAnswer.text,
                SurveyAnswer.themes,
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .order_by(SurveyAnswer.id),
            wave.id,
            filters,
        )
    ):
        answers[response_id][question_id].append((choice, number, text, themes))
    for number_in_file, row in enumerate(responses, 1):
        given = answers.get(row.id, {})
        organisation = (row.organisation_name or row.name or "") if row.may_identify else ANONYMOUS
        cells = [
            number_in_file,
            format_datetime(row.submitted_at, "yyyy-MM-dd HH:mm") if row.submitted_at else "",
            "Invitation" if row.invitation_id else "Open link",
            organisation,
        ]
        for question in wave.questions:
            values = given.get(question.id, [])
            if question.kind == TEXT:
                cells.append(" ".join(text for _c, _n, text, _t in values if text))
                cells.append(
                    ", ".join(theme for *_rest, themes in values for theme in themes or [])
                )
            elif question.kind == SCALE:
                numbers = [number for _c, number, _t, _th in values if number is not None]
                cells.append(numbers[0] if numbers else "")
            else:
                labels = [_english_label(question, c) for c, *_rest in values if c is not None]
                cells.append(
                    "; ".join(labels) if question.kind == MULTIPLE else "".join(labels[:1])
                )
        yield cells


def responses_csv(session: Session, wave: SurveyWave, filters: Filters) -> str:
    return "".join(csv_lines(response_header(wave), response_rows(session, wave, filters)))


def responses_xlsx(session: Session, wave: SurveyWave, filters: Filters) -> bytes:
    return xlsx_bytes("Responses", response_header(wave), response_rows(session, wave, filters))


TREND_HEADER = [
    "Question code",
    "Wording",
    "Wave",
    "Wave opened",
    "Option key",
    "Option",
    "Count",
    "Answered",
    "Percentage",
    "Mean rating",
]


def trend_rows(trends: list[QuestionTrend]) -> Iterator[list]:
    for trend in trends:
        for index, wave in enumerate(trend.waves):
            question = trend.asked[index]
            if question is None:
                continue
            opened = wave.opens_at.strftime("%Y-%m-%d")
            mean = trend.means[index] if trend.kind == SCALE else ""
            mean = "" if mean is None else mean
            for option in trend.options:
                cell = option.cells[index]
                if cell is None:
                    continue
                label = _english_label(question, option.key)
                yield [
                    trend.code,
                    question.text,
                    wave.title,
                    opened,
                    option.key,
                    label,
                    cell.count,
                    cell.base,
                    cell.percent,
                    mean,
                ]
            if trend.kind == SCALE and trend.good[index] is not None:
                good = trend.good[index]
                yield [
                    trend.code,
                    question.text,
                    wave.title,
                    opened,
                    "4_or_5",
                    "Rated 4 or 5",
                    good.count,
                    good.base,
                    good.percent,
                    mean,
                ]


def trends_csv(trends: list[QuestionTrend]) -> str:
    return "".join(csv_lines(TREND_HEADER, trend_rows(trends)))


def trends_xlsx(trends: list[QuestionTrend]) -> bytes:
    return xlsx_bytes("Trends", TREND_HEADER, trend_rows(trends))
