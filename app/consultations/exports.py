"""Every response to a consultation as CSV or XLSX, one row each, with the
answers in question order. Equality monitoring is never in these rows: it
is kept apart and only ever exported as counts."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

from flask import current_app
from flask_babel import format_date, format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consultations.analysis import Filters, response_filter
from app.consultations.choices import AGE_BANDS, FREE_TEXT, RESPONDENT_TYPES, VERSIONS
from app.consultations.models import Consultation, ConsultationResponse
from app.consultations.responding import YOUNG, answer_label
from app.core.copies import Copies, redact_text
from app.core.spreadsheets import csv_lines, xlsx_bytes


def header(consultation: Consultation) -> list[str]:
    fixed = [
        "Reference",
        "Received",
        "Version",
        "Responding as",
        "Organisation",
        "Name",
        "Email",
        "Age band",
    ]
    return fixed + [question.text for question in consultation.questions]


def rows(session: Session, consultation: Consultation, filters: Filters) -> Iterator[list]:
    responses = session.scalars(
        response_filter(select(ConsultationResponse), consultation, filters).order_by(
            ConsultationResponse.submitted_at, ConsultationResponse.id
        )
    )
    questions = consultation.questions
    for response in responses:
        values = {answer.question_id: answer.value for answer in response.answers}
        yield [
            response.reference,
            format_datetime(response.submitted_at, "yyyy-MM-dd HH:mm"),
            str(VERSIONS.get(response.version, response.version)),
            str(RESPONDENT_TYPES.get(response.respondent_type, "")),
            response.organisation_name or "",
            response.name or "",
            response.email or "",
            str(AGE_BANDS.get(response.age_band, "")),
            *[answer_label(q, values.get(q.id), response.version == YOUNG) for q in questions],
        ]


def responses_csv(session, consultation, filters) -> str:
    return "".join(csv_lines(header(consultation), rows(session, consultation, filters)))


def responses_xlsx(session, consultation, filters) -> bytes:
    return xlsx_bytes("Responses", header(consultation), rows(session, consultation, filters))


def equality_csv(totals) -> str:
    """Only totals: equality answers are never exported one person at a time."""
    rows = (
        [str(label), str(option), "fewer than 5" if count is None else count]
        for _name, label, options in totals
        for option, count in options
    )
    return "".join(csv_lines(["Question", "Answer", "Number of people"], rows))


def pseudonym(consultation: Consultation, reference: str) -> str:
    """The same response always gets the same pseudonym, which cannot be
    turned back into its reference without the portal's secret key."""
    key = f"{current_app.config['SECRET_KEY']}:consultation:{consultation.id}".encode()
    return "R-" + hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()[:12].upper()


def pseudonymised_header(consultation: Consultation) -> list[str]:
    fixed = ["Respondent", "Received on", "Version", "Responding as", "Age band"]
    return fixed + [question.text for question in consultation.questions]


def pseudonymised_rows(session: Session, consultation: Consultation, filters: Filters):
    """For analysis outside the portal: no reference, name, email or
    organisation, the day not the minute, and the respondent's own details
    taken out of their free-text answers."""
    responses = session.scalars(
        response_filter(select(ConsultationResponse), consultation, filters).order_by(
            ConsultationResponse.submitted_at, ConsultationResponse.id
        )
    )
    questions = consultation.questions
    for response in responses:
        own = Copies()
        own.add(None, response.name, response.email, response.organisation_name)
        values = {answer.question_id: answer.value for answer in response.answers}
        answers = []
        for question in questions:
            label = answer_label(question, values.get(question.id), response.version == YOUNG)
            answers.append(
                redact_text(label, own.identifiers) if question.kind == FREE_TEXT else label
            )
        yield [
            pseudonym(consultation, response.reference),
            format_date(response.submitted_at, "yyyy-MM-dd"),
            str(VERSIONS.get(response.version, response.version)),
            str(RESPONDENT_TYPES.get(response.respondent_type, "")),
            str(AGE_BANDS.get(response.age_band, "")),
            *answers,
        ]


def pseudonymised_csv(session, consultation, filters) -> str:
    return "".join(
        csv_lines(
            pseudonymised_header(consultation),
            pseudonymised_rows(session, consultation, filters),
        )
    )
