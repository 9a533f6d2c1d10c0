"""What consultations hold about a person: their responses and answers.

Equality monitoring answers are deliberately stored with no link to a
response (see EqualityMonitoring), so they cannot be found for anyone: the
report says so rather than leave the reader wondering."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consultations.models import Consultation, ConsultationQuestion, ConsultationResponse
from app.core.personal_data import Holding, Needle, Source, any_of, register_source

EQUALITY_NOTE = (
    "Equality monitoring answers are kept apart from responses, with no name, "
    "reference or time, so they cannot be linked to this response."
)


def find(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(
        needle.email_is(ConsultationResponse.email),
        needle.reference_is(ConsultationResponse.reference),
        needle.name_in(ConsultationResponse.name, ConsultationResponse.organisation_name),
    )
    if condition is None:
        return []
    responses = list(
        session.scalars(
            select(ConsultationResponse)
            .where(condition)
            .order_by(ConsultationResponse.submitted_at)
        )
    )
    if not responses:
        return []
    consultations = {
        row.id: row.title
        for row in session.execute(
            select(Consultation.id, Consultation.title).where(
                Consultation.id.in_({r.consultation_id for r in responses})
            )
        )
    }
    question_ids = {answer.question_id for r in responses for answer in r.answers}
    questions = {
        q.id: q
        for q in session.scalars(
            select(ConsultationQuestion).where(ConsultationQuestion.id.in_(question_ids))
        )
    }
    return [_holding(response, consultations, questions) for response in responses]


def _holding(response, consultations, questions) -> Holding:
    young = response.version == "young_people"
    title = consultations.get(response.consultation_id, "")
    answers = []
    for answer in sorted(response.answers, key=lambda a: a.question_id):
        question = questions.get(answer.question_id)
        answers.append(
            {
                "question": question.wording(young) if question else "",
                "answer": answer.value,
            }
        )
    data = {
        "consultation": title,
        "version": response.version,
        "submitted_at": response.submitted_at,
        "language": response.locale,
        "answers": answers,
    }
    if young:
        data["age_band"] = response.age_band
    else:
        data.update(
            {
                "responding_as": response.respondent_type,
                "name": response.name,
                "email": response.email,
                "organisation": response.organisation_name,
                "equality_monitoring": EQUALITY_NOTE,
            }
        )
    return Holding(
        kind="consultation_response",
        reference=response.reference,
        when=response.submitted_at,
        summary=title,
        link=url_for("inbox.item", reference=response.reference),
        data=data,
    )


def register() -> None:
    register_source(Source("consultation_response", _l("Consultation responses"), find, order=10))
