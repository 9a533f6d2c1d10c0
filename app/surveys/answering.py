"""Answering a wave: starting or resuming a response, saving answers as they
come, working out which questions apply, and sending the response.

Answers are saved page by page (the response stays "in progress"), so an
organisation can stop and carry on until the wave closes. Sending is one
transaction: the response's state, its inbox item and the acknowledgement
email are saved together or not at all, and the closing time is checked on
the server at that moment.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.inbox.services import file_submission
from app.suppliers.models import Supplier, SupplierContact
from app.surveys.catalogue import INCOME_BAND, ORG_TYPE
from app.surveys.invitations import new_token, token_hash
from app.surveys.models import (
    MULTIPLE,
    OPEN,
    SCALE,
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.text import choice_label

ANONYMOUS = "Anonymous organisation"
DEFAULT_TEXT_LIMIT = 2000


class SurveyClosedError(Exception):
    """The wave is not taking answers (it has closed, or not opened)."""


class AlreadySubmittedError(Exception):
    pass


# ---------------------------------------------------------------------------
# Starting and resuming
# ---------------------------------------------------------------------------


def _check_open(wave: SurveyWave, now: datetime) -> None:
    if wave.status_at(now) != OPEN:
        raise SurveyClosedError


def response_for_invitation(
    session: Session, invitation: SurveyInvitation, locale: str = "en", now: datetime | None = None
) -> SurveyResponse:
    """The organisation's one response to the wave, started if need be."""
    now = now or utcnow()
    found = _invited_response(session, invitation)
    if found is not None:
        return found
    _check_open(invitation.wave, now)
    supplier = session.get(Supplier, invitation.supplier_id)
    response = SurveyResponse(
        wave_id=invitation.wave_id,
        supplier_id=invitation.supplier_id,
        invitation_id=invitation.id,
        organisation_name=supplier.name if supplier else "",
        locale=locale,
        started_at=now,
        updated_at=now,
    )
    try:
        # A savepoint: two tabs opening the link at once make one response.
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        found = _invited_response(session, invitation)
        if found is None:
            raise
        return found
    return response


def _invited_response(session: Session, invitation: SurveyInvitation) -> SurveyResponse | None:
    return session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.wave_id == invitation.wave_id,
            SurveyResponse.supplier_id == invitation.supplier_id,
        )
    )


def invitation_matching(
    session: Session, wave: SurveyWave, name: str, email: str
) -> SurveyInvitation | None:
    """An invitation to this wave held by a registered VCS organisation
    with this name, or with a contact at this email address."""
    conditions = []
    if name.strip():
        conditions.append(
            Supplier.id.in_(
                select(Supplier.id).where(
                    func.lower(Supplier.name) == " ".join(name.split()).lower()
                )
            )
        )
    if email.strip():
        conditions.append(
            Supplier.id.in_(
                select(SupplierContact.supplier_id).where(
                    SupplierContact.email == email.strip().lower()
                )
            )
        )
    if not conditions:
        return None
    return session.scalar(
        select(SurveyInvitation)
        .join(Supplier, Supplier.id == SurveyInvitation.supplier_id)
        .where(SurveyInvitation.wave_id == wave.id, Supplier.is_vcse.is_(True), or_(*conditions))
        .limit(1)
    )


def start_open_response(
    session: Session,
    wave: SurveyWave,
    *,
    organisation_name: str,
    contact_email: str = "",
    locale: str = "en",
    now: datetime | None = None,
) -> SurveyResponse:
    """A response from a group that is not on the register."""
    now = now or utcnow()
    _check_open(wave, now)
    response = SurveyResponse(
        wave_id=wave.id,
        organisation_name=" ".join(organisation_name.split())[:200],
        contact_email=contact_email.strip().lower()[:254],
        locale=locale,
        started_at=now,
        updated_at=now,
    )
    session.add(response)
    session.flush()
    return response


def issue_resume_link(session: Session, response: SurveyResponse, locale: str = "en") -> str:
    """A new "finish later" link for an open-link response (the last one
    issued is the one that works), emailed when an address was given."""
    token = new_token()
    response.resume_token_hash = token_hash(token)
    link = url_for("surveys.resume", token=token, _external=True)
    if response.contact_email:
        subject, body = render_email(
            "surveys/email/resume.txt",
            locale,
            wave=response.wave,
            organisation=response.organisation_name,
            link=link,
        )
        queue_email(
            session,
            to=response.contact_email,
            subject=subject,
            body=body,
            locale=locale,
            secret_links=True,
        )
    session.flush()
    return link


def response_for_resume_token(session: Session, token: str) -> SurveyResponse | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(
        select(SurveyResponse).where(SurveyResponse.resume_token_hash == token_hash(token))
    )


# ---------------------------------------------------------------------------
# Answers and which questions apply
# ---------------------------------------------------------------------------


def answers_by_question(session: Session, response: SurveyResponse) -> dict[int, list]:
    """The response's answers as {question id: [values]}: choice keys, or
    one text. One query, however many questions and answers there are."""
    found: dict[int, list] = {}
    for row in session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.choice, SurveyAnswer.text)
        .where(SurveyAnswer.response_id == response.id)
        .order_by(SurveyAnswer.id)
    ):
        found.setdefault(row.question_id, []).append(row.text if row.choice is None else row.choice)
    return found


def applies(question: SurveyQuestion, by_code: dict[str, SurveyQuestion], answers: dict) -> bool:
    condition = question.show_if
    if not condition:
        return True
    source = by_code.get(condition.get("code"))
    if source is None:
        return True
    chosen = set(answers.get(source.id, []))
    return bool(chosen & set(condition.get("keys", [])))


def applicable_questions(questions: list[SurveyQuestion], answers: dict) -> list[SurveyQuestion]:
    by_code = {q.code: q for q in questions}
    return [q for q in questions if applies(q, by_code, answers)]


def resume_at(questions: list[SurveyQuestion], answers: dict) -> SurveyQuestion | None:
    """Where a returning organisation carries on: the question after the
    last one it answered (optional questions may be left blank), or None
    when every question has been passed."""
    applicable = applicable_questions(questions, answers)
    answered = [i for i, q in enumerate(applicable) if q.id in answers]
    following = answered[-1] + 1 if answered else 0
    return applicable[following] if following < len(applicable) else None


def missing_required(questions: list[SurveyQuestion], answers: dict) -> SurveyQuestion | None:
    for question in applicable_questions(questions, answers):
        if question.required and not answers.get(question.id):
            return question
    return None


def save_answer(
    session: Session,
    response: SurveyResponse,
    question: SurveyQuestion,
    values: list[str],
    now: datetime | None = None,
) -> None:
    """Replace the answer to one question (no answer: no rows), then drop
    answers to questions that no longer apply."""
    now = now or utcnow()
    if response.state == SUBMITTED:
        raise AlreadySubmittedError
    _check_open(response.wave, now)
    session.execute(
        delete(SurveyAnswer).where(
            SurveyAnswer.response_id == response.id, SurveyAnswer.question_id == question.id
        )
    )
    rows = _answer_rows(question, values)
    for row in rows:
        session.add(SurveyAnswer(response_id=response.id, question_id=question.id, **row))
    session.flush()
    _discard_inapplicable(session, response)
    response.updated_at = now


def _answer_rows(question: SurveyQuestion, values: list[str]) -> list[dict]:
    values = [v for v in values if v]
    if question.kind == TEXT:
        text = (values[0] if values else "").strip()
        return [{"text": text}] if text else []
    keys = [c["key"] for c in question.choices]
    chosen = [key for key in keys if key in values]  # in the question's order, no repeats
    if question.kind == SCALE:
        return [{"choice": key, "number": int(key) if key.isdigit() else None} for key in chosen]
    if question.kind != MULTIPLE:
        chosen = chosen[:1]
    return [{"choice": key} for key in chosen]


def _discard_inapplicable(session: Session, response: SurveyResponse) -> None:
    questions = response.wave.questions
    answers = answers_by_question(session, response)
    keep = {q.id for q in applicable_questions(questions, answers)}
    drop = [qid for qid in answers if qid not in keep]
    if drop:
        session.execute(
            delete(SurveyAnswer).where(
                SurveyAnswer.response_id == response.id, SurveyAnswer.question_id.in_(drop)
            )
        )
        session.flush()


def answer_label(question: SurveyQuestion, values: list, locale: str | None = None) -> str:
    """The answer in words, for check your answers (reader's language) or
    the inbox (English: pass locale "en")."""
    values = [v for v in values if v]
    if question.kind == TEXT:
        return values[0] if values else ""
    labels = []
    for choice in question.choices:
        if choice["key"] in values:
            if locale == "en":
                labels.append(choice["en"])
            else:
                labels.append(choice_label(question, choice["key"]))
    return "\n".join(labels)


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def _body_text(response: SurveyResponse, answers: dict) -> str:
    lines = []
    for question in applicable_questions(response.wave.questions, answers):
        answer = answer_label(question, answers.get(question.id, []), "en") or "Not answered"
        lines.append(f"{question.text}\n{answer}\n")
    return "\n".join(lines).strip()


def submit(
    session: Session,
    response: SurveyResponse,
    *,
    may_identify: bool | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Send the response: state, answers copied for the results' filters,
    the invitation marked answered, an inbox item, and an acknowledgement.

    Raises SurveyClosedError when the wave is not open, AlreadySubmittedError
    when the response was already sent (a second click, another tab); either
    way nothing changes. The caller commits."""
    now = now or utcnow()
    wave = response.wave
    _check_open(wave, now)
    identified = response.may_identify if may_identify is None else may_identify
    answers = answers_by_question(session, response)
    by_code = {q.code: q for q in wave.questions}
    org_type = (answers.get(by_code[ORG_TYPE].id) or [None])[0] if ORG_TYPE in by_code else None
    income = (answers.get(by_code[INCOME_BAND].id) or [None])[0] if INCOME_BAND in by_code else None
    # One conditional UPDATE: of two clicks, only one moves the response on.
    sent = session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id == response.id, SurveyResponse.state != SUBMITTED)
        .values(
            state=SUBMITTED,
            submitted_at=now,
            updated_at=now,
            may_identify=identified,
            org_type=org_type or None,
            income_band=income or None,
        )
        .execution_options(synchronize_session=False)
    )
    if sent.rowcount != 1:
        raise AlreadySubmittedError
    session.refresh(response)
    if response.invitation_id is not None:
        session.execute(
            update(SurveyInvitation)
            .where(SurveyInvitation.id == response.invitation_id)
            .values(responded_at=now)
            .execution_options(synchronize_session=False)
        )
    supplier = session.get(Supplier, response.supplier_id) if response.supplier_id else None
    name = response.organisation_name or (supplier.name if supplier else "")
    email = ""
    if identified:
        if response.contact_email:
            email = response.contact_email
        elif supplier and supplier.contacts:
            email = supplier.contacts[0].email
    item = file_submission(
        session,
        kind="survey_response",
        source_key=f"wave:{wave.id}",
        subject=f"{wave.title}: {name if identified else ANONYMOUS}",
        submitter_name=name if identified else ANONYMOUS,
        submitter_email=email or None,
        submitter_locale=response.locale,
        body_text=_body_text(response, answers),
        received_at=now,
    )
    response.inbox_item_id = item.id
    _acknowledge(session, response, supplier, item.reference)
    session.flush()
    return response


def _acknowledge(session: Session, response, supplier, reference: str) -> None:
    recipients: list[tuple[str, str, str]] = []
    if response.contact_email:
        recipients.append((response.contact_email, response.locale, ""))
    elif supplier is not None:
        recipients = [(c.email, c.locale or "en", c.name) for c in supplier.contacts]
    for address, locale, name in recipients:
        subject, body = render_email(
            "surveys/email/acknowledgement.txt",
            locale,
            wave=response.wave,
            organisation=response.organisation_name,
            name=name,
            reference=reference,
            results_link=url_for("surveys.public_results", _external=True),
        )
        queue_email(
            session, to=address, subject=subject, body=body, locale=locale, reference=reference
        )
