"""Every response to a consultation as CSV or XLSX, one row each, with the
answers in question order. Equality monitoring is never in these rows: it
is kept apart and only ever exported as counts."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

from flask import current_app
from flask_babel import format_date, format_datetime
from sqlalchemy import and_, or_, select
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


# Responses read at a time: an export holds one batch in memory, never all.
BATCH_SIZE = 500


def matching_responses(
    session: Session, consultation: Consultation, filters: Filters, batch_size: int | None = None
) -> Iterator[ConsultationResponse]:
    """Every response the filters match, oldest first, a batch at a time:
    each batch is one short query (and one for its answers), let go of once
    its rows are written. When the export is streamed, each batch runs in
    the application context the download makes for it."""
    batch_size = batch_size or BATCH_SIZE
    last = None
    while True:
        stmt = response_filter(select(ConsultationResponse), consultation, filters)
        if last is not None:
            at, last_id = last
            stmt = stmt.where(
                or_(
                    ConsultationResponse.submitted_at > at,
                    and_(
                        ConsultationResponse.submitted_at == at,
                        ConsultationResponse.id > last_id,
                    ),
                )
            )
        batch = session.scalars(
            stmt.order_by(ConsultationResponse.submitted_at, ConsultationResponse.id).limit(
                batch_size
            )
        ).all()
        yield from batch
        if len(batch) < batch_size:
            return
        last = (batch[-1].submitted_at, batch[-1].id)
        # The session keeps only weak references: a written batch is let go.
        del batch


def rows(session: Session, consultation: Consultation, filters: Filters) -> Iterator[list]:
    questions = consultation.questions
    for response in matching_responses(session, consultation, filters):
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


def responses_csv_lines(session, consultation, filters) -> Iterator[str]:
    return csv_lines(header(consultation), rows(session, consultation, filters))


def responses_csv(session, consultation, filters) -> str:
    return "".join(responses_csv_lines(session, consultation, filters))


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
    questions = consultation.questions
    for response in matching_responses(session, consultation, filters):
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


def pseudonymised_csv_lines(session, consultation, filters) -> Iterator[str]:
    return csv_lines(
        pseudonymised_header(consultation), pseudonymised_rows(session, consultation, filters)
    )


def pseudonymised_csv(session, consultation, filters) -> str:
    return "".join(pseudonymised_csv_lines(session, consultation, filters))
