"""Builders for survey results tests: waves, organisations and sent
responses with the answers given, stored as the answering journey stores
them (one row per chosen option, ratings in `number`)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from app.suppliers.models import Supplier
from app.surveys.models import (
    IN_PROGRESS,
    MULTIPLE,
    SCALE,
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from app.surveys.waves import create_wave

NOW = datetime.now(UTC)


def closed_wave(session, months_ago: int = 2, **kwargs):
    opens = NOW - timedelta(days=30 * months_ago + 28)
    wave = create_wave(session, opens, opens + timedelta(days=28), confirmed=True, **kwargs)
    session.commit()
    return wave


def open_wave(session):
    wave = create_wave(session, NOW - timedelta(days=5), NOW + timedelta(days=20), confirmed=True)
    session.commit()
    return wave


def organisation(session, name: str) -> Supplier:
    supplier = Supplier(
        name=name,
        legal_form="cio",
        staff_count=2,
        volunteer_count=10,
        turnover_band="under_100k",
        postcode="EW1 1AA",
        is_vcse=True,
    )
    session.add(supplier)
    session.flush()
    return supplier


def invite(session, wave, supplier) -> SurveyInvitation:
    invitation = SurveyInvitation(
        wave_id=wave.id,
        supplier_id=supplier.id,
        token_hash=hashlib.sha256(f"{wave.id}-{supplier.id}".encode()).hexdigest(),
    )
    session.add(invitation)
    session.flush()
    return invitation


def respond(
    session,
    wave,
    answers: dict,
    *,
    invitation=None,
    organisation_name: str = "",
    may_identify: bool = False,
    state: str = SUBMITTED,
) -> SurveyResponse:
    questions = {question.code: question for question in wave.questions}
    response = SurveyResponse(
        wave_id=wave.id,
        state=state,
        supplier_id=invitation.supplier_id if invitation else None,
        invitation_id=invitation.id if invitation else None,
        organisation_name=organisation_name,
        may_identify=may_identify,
        org_type=answers.get("org_type"),
        income_band=answers.get("income_band"),
        submitted_at=NOW if state == SUBMITTED else None,
    )
    for code, value in answers.items():
        question = questions[code]
        if question.kind == TEXT:
            response.answers.append(SurveyAnswer(question_id=question.id, text=value, themes=[]))
        elif question.kind == SCALE:
            response.answers.append(SurveyAnswer(question_id=question.id, number=value))
        elif question.kind == MULTIPLE:
            for key in value:
                response.answers.append(SurveyAnswer(question_id=question.id, choice=key))
        else:
            response.answers.append(SurveyAnswer(question_id=question.id, choice=value))
    session.add(response)
    session.commit()
    return response


__all__ = [
    "IN_PROGRESS",
    "NOW",
    "closed_wave",
    "invite",
    "open_wave",
    "organisation",
    "respond",
]
