"""How consultation responses are anonymised, and equality answers deleted,
when their period ends or a respondent's data is erased.

The respondent's name, email and organisation go, and so do free-text
answers (anyone may write their name or their neighbour's); choices,
scales and rankings stay, with the version, kind of respondent and date,
so "we asked, you said" and the analysis pages show the same figures.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.consultations.choices import FREE_TEXT
from app.consultations.models import (
    Consultation,
    ConsultationQuestion,
    ConsultationResponse,
    EqualityMonitoring,
)
from app.core.copies import REMOVED, Copies, scrub_copies
from app.core.db import utcnow
from app.core.erasure import Eraser, register_corrector, register_eraser
from app.core.personal_data import Needle
from app.core.retention import Due, Handler, register_handler


def anonymise(session: Session, response: ConsultationResponse, reason: str) -> None:
    copies = Copies()
    copies.add(response.reference, response.name, response.email, response.organisation_name)
    free_text = set(
        session.scalars(
            select(ConsultationQuestion.id).where(
                ConsultationQuestion.consultation_id == response.consultation_id,
                ConsultationQuestion.kind == FREE_TEXT,
            )
        )
    )
    for answer in response.answers:
        if answer.question_id in free_text and answer.value not in (None, "", REMOVED):
            answer.value = REMOVED
    response.name = response.email = response.organisation_name = None
    response.anonymised_at = utcnow()
    scrub_copies(session, copies, reason=reason)


def _due(version: str):
    def due(session: Session, before: datetime) -> list[Due]:
        responses = session.scalars(
            select(ConsultationResponse)
            .join(Consultation, Consultation.id == ConsultationResponse.consultation_id)
            .where(
                Consultation.closes_at < before,
                ConsultationResponse.version == version,
                ConsultationResponse.anonymised_at.is_(None),
            )
            .order_by(ConsultationResponse.id)
        )
        return [_scrubbing(response) for response in responses]

    return due


def _scrubbing(response: ConsultationResponse) -> Due:
    return Due(
        response.reference,
        lambda session, reason: anonymise(session, response, reason),
        {value for value in (response.name, response.email) if value},
    )


def equality_due(session: Session, before: datetime) -> list[Due]:
    """Per consultation: its equality answers, deleted together."""
    rows = session.execute(
        select(Consultation.id, Consultation.slug)
        .where(
            Consultation.closes_at < before,
            select(EqualityMonitoring.id)
            .where(EqualityMonitoring.consultation_id == Consultation.id)
            .exists(),
        )
        .order_by(Consultation.id)
    ).all()

    def deleting(consultation_id: int):
        def scrub(session: Session, reason: str) -> None:
            session.execute(
                delete(EqualityMonitoring).where(
                    EqualityMonitoring.consultation_id == consultation_id
                )
            )

        return scrub

    return [Due(f"equality:{row.slug}", deleting(row.id)) for row in rows]


def for_person(session: Session, needle: Needle) -> list[Due]:
    condition = needle.email_is(ConsultationResponse.email)
    if needle.reference:
        condition = (
            or_(condition, ConsultationResponse.reference == needle.reference)
            if (condition is not None)
            else ConsultationResponse.reference == needle.reference
        )
    if condition is None:
        return []
    responses = session.scalars(
        select(ConsultationResponse)
        .where(condition, ConsultationResponse.anonymised_at.is_(None))
        .order_by(ConsultationResponse.id)
    )
    return [_scrubbing(response) for response in responses]


def correct_email(session: Session, old: str, new: str) -> int:
    responses = list(
        session.scalars(
            select(ConsultationResponse).where(func.lower(ConsultationResponse.email) == old)
        )
    )
    for response in responses:
        response.email = new
    return len(responses)


def register() -> None:
    register_handler(Handler("consultation_responses", _due("adult")))
    register_handler(Handler("young_peoples_responses", _due("young_people")))
    register_handler(Handler("equality_monitoring", equality_due))
    register_eraser(Eraser("consultation_response", for_person))
    register_corrector("consultation_response", correct_email)
