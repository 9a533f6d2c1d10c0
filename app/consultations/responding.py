"""Answers on their way through the form, and turning them into a response.

A response is made in one transaction with its answers and its inbox item
(and its acknowledgement email), or not at all: there is never a partial
response. The closing time is checked at that moment, on the server.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.consultations.choices import (
    AGE_BANDS,
    RANKING,
    RESPONDENT_TYPES,
    SCALE,
    SCALE_POINTS,
    SINGLE,
    WITH_CHOICES,
    YES_NO,
    YES_NO_POINTS,
)
from app.consultations.models import (
    OPEN,
    Consultation,
    ConsultationAnswer,
    ConsultationResponse,
    EqualityMonitoring,
    ResponseDraft,
)
from app.core.bilingual import in_language
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.inbox.services import file_submission

ADULT, YOUNG = "adult", "young_people"
EQUALITY_FIELDS = (
    "age_band",
    "sex",
    "gender_identity",
    "disability",
    "ethnicity",
    "religion",
    "sexual_orientation",
    "carer",
)
# A draft, and the emailed link back to it, last this long after the last change.
DRAFT_LIFETIME = timedelta(days=7)


class ConsultationNotOpenError(Exception):
    pass


class IncompleteResponseError(Exception):
    pass


# ---------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------


def draft_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_draft(session: Session, token: str | None, consultation: Consultation, version: str):
    if not token or len(token) > 200:
        return None
    draft = session.scalar(
        select(ResponseDraft).where(ResponseDraft.token_hash == draft_hash(token))
    )
    if (
        draft is None
        or draft.consultation_id != consultation.id
        or draft.version != version
        or draft.expires_at <= utcnow()
    ):
        return None
    return draft


def start_draft(
    session: Session, consultation: Consultation, version: str
) -> tuple[ResponseDraft, str]:
    """A new draft and its token, which only the caller ever sees."""
    token = secrets.token_urlsafe(32)
    draft = ResponseDraft(
        token_hash=draft_hash(token),
        consultation_id=consultation.id,
        version=version,
        data={"about": {}, "answers": {}},
        expires_at=utcnow() + DRAFT_LIFETIME,
    )
    session.add(draft)
    session.flush()
    return draft, token


def save_to_draft(
    draft: ResponseDraft,
    *,
    about: dict | None = None,
    answers: dict | None = None,
    equality: dict | None = None,
):
    # A new dict, so SQLAlchemy sees the JSON change.
    data = {
        "about": dict(draft.data.get("about", {})),
        "answers": dict(draft.data.get("answers", {})),
        "equality": dict(draft.data.get("equality") or {}),
    }
    if about is not None:
        data["about"] = about
    if equality is not None:
        data["equality"] = equality
    if answers:
        data["answers"].update(answers)
    draft.data = data
    draft.updated_at = utcnow()
    draft.expires_at = utcnow() + DRAFT_LIFETIME


def send_resume_link(
    session: Session,
    consultation: Consultation,
    draft: ResponseDraft,
    token: str,
    email: str,
    locale: str,
) -> None:
    """Email a link back to the draft; it works until the draft expires."""
    from flask import url_for

    subject, body = render_email(
        "consultations/email/resume.txt",
        locale,
        # The consultation's own words in the recipient's language.
        title=in_language(consultation.title, consultation.title_cy, locale),
        link=url_for(
            "consultations.respond_resume",
            slug=consultation.slug,
            token=token,
            _external=True,
        ),
        expires_at=draft.expires_at,
    )
    queue_email(session, to=email, subject=subject, body=body, locale=locale, secret_links=True)


def sweep_drafts(session: Session) -> int:
    return session.execute(
        delete(ResponseDraft).where(ResponseDraft.expires_at <= utcnow())
    ).rowcount


def missing_answers(consultation: Consultation, version: str, data: dict) -> int | None:
    """The first page (0-based) still needing an answer, or None if complete."""
    about = data.get("about") or {}
    answers = data.get("answers") or {}
    if version == YOUNG and about.get("age_band") not in AGE_BANDS:
        return -1
    if version == ADULT and about.get("respondent_type") not in RESPONDENT_TYPES:
        return -1
    if version == YOUNG:
        return None  # the young people's form promises any question can be skipped
    for number, questions in enumerate(consultation.pages(young=False)):
        # A question not asked, given the earlier answers, needs no answer.
        for question in consultation.asked(questions, answers):
            if question.required and answers.get(str(question.id)) in (None, "", []):
                return number
    return None


# ---------------------------------------------------------------------------
# Submitting
# ---------------------------------------------------------------------------


def answer_label(question, value, young: bool = False, language: str | None = "en") -> str:
    """An answer as words, for check-your-answers, the inbox and exports.

    Chosen options are held by key; they are shown in `language` (English
    for staff, whatever language the answer was given in)."""
    if value in (None, "", []):
        return ""
    if question.kind == SCALE:
        return str(SCALE_POINTS.get(value, value))
    if question.kind == YES_NO:
        return str(YES_NO_POINTS.get(value, value))
    if question.kind == RANKING and isinstance(value, list):
        if young:  # a young person's top picks, not a ranking
            return "; ".join(question.option_label(str(option), language) for option in value)
        return "; ".join(
            f"{rank}. {question.option_label(option, language)}"
            for rank, option in enumerate(value, 1)
        )
    if isinstance(value, list):
        return "; ".join(question.option_label(str(v), language) for v in value)
    if question.kind in WITH_CHOICES:
        return question.option_label(str(value), language)
    return str(value)


def _body_text(consultation: Consultation, version: str, about: dict, answers: dict) -> str:
    """The response as plain text for the inbox, always in English for staff."""
    lines = []
    with force_locale("en_GB"):
        if version == YOUNG:
            lines.append(f"{_('Age')}: {AGE_BANDS[about['age_band']]}")
        else:
            lines.append(f"{_('Responding')}: {RESPONDENT_TYPES[about['respondent_type']]}")
            if about.get("organisation_name"):
                lines.append(f"{_('Organisation name')}: {about['organisation_name']}")
        lines.append("")
        for question in consultation.asked(consultation.questions, answers):
            value = answers.get(str(question.id))
            lines.append(question.text)
            lines.append(answer_label(question, value, version == YOUNG) or _("Not answered"))
            lines.append("")
    return "\n".join(lines).strip()


def _check_option_keys(consultation: Consultation, answers: dict) -> None:
    """Choice answers are stored as option keys, so that Welsh and English
    answers count together; anything else is a programming error, refused
    before it can reach the figures."""
    for question in consultation.questions:
        if question.kind not in WITH_CHOICES:
            continue
        value = answers.get(str(question.id))
        if value in (None, "", []):
            continue
        keys = {option["key"] for option in question.options}
        given = [value] if question.kind == SINGLE else value
        if not isinstance(given, list) or not all(isinstance(v, str) and v in keys for v in given):
            raise ValueError(f"answer to question {question.id} is not one of its option keys")


def submit_response(
    session: Session,
    consultation: Consultation,
    draft: ResponseDraft,
    *,
    locale: str,
    safeguarding: bool = False,
) -> ConsultationResponse:
    """Make the response from the draft in the caller's transaction.

    Raises ConsultationNotOpenError after the closing time, and
    IncompleteResponseError if a required answer is missing. The caller
    commits; see `commit_response` for a second click racing the first."""
    now = utcnow()
    if consultation.status_at(now) != OPEN:
        raise ConsultationNotOpenError
    version = draft.version
    if version == YOUNG and not consultation.young_people_version:
        raise ConsultationNotOpenError
    if missing_answers(consultation, version, draft.data) is not None:
        raise IncompleteResponseError
    about = draft.data.get("about") or {}
    answers = draft.data.get("answers") or {}
    young = version == YOUNG
    # An answer to a question no longer asked (an earlier answer changed) is dropped.
    valid_ids = {str(q.id) for q in consultation.asked(consultation.questions, answers)}
    _check_option_keys(consultation, answers)

    organisation = about.get("organisation_name") or None
    item = file_submission(
        session,
        kind="young_people_response" if young else "consultation_response",
        subject=(
            f"Young people’s response: {consultation.title}"
            if young
            else f"Response: {consultation.title}"
        ),
        service_area=consultation.service_area,
        source_key=f"consultation:{consultation.id}",
        submitter_name=None if young else (organisation or about.get("name") or None),
        submitter_email=None if young else (about.get("email") or None),
        submitter_locale=locale,
        body_text=_body_text(consultation, version, about, answers),
        urgent=safeguarding,
        safeguarding=safeguarding,
        received_at=now,
    )
    response = ConsultationResponse(
        consultation_id=consultation.id,
        reference=item.reference,
        inbox_item_id=item.id,
        version=version,
        respondent_type=None if young else about.get("respondent_type"),
        organisation_name=None if young else organisation,
        name=None if young else (about.get("name") or None),
        email=None if young else (about.get("email") or None),
        age_band=about.get("age_band") if young else None,
        locale=locale,
        submitted_at=now,
        submission_key=draft.token_hash,
        safeguarding=safeguarding,
        answers=[
            ConsultationAnswer(question_id=int(qid), value=value)
            for qid, value in answers.items()
            if qid in valid_ids and value not in (None, "", [])
        ],
    )
    session.add(response)
    equality = {k: v for k, v in (draft.data.get("equality") or {}).items() if v}
    organisation = (draft.data.get("about") or {}).get("respondent_type") == "organisation"
    # Answers given before the respondent changed to answering for an organisation
    # are dropped: equality questions are about a person.
    if equality and not young and not organisation:
        # No link to the response: see EqualityMonitoring.
        session.add(
            EqualityMonitoring(
                consultation_id=consultation.id,
                **{k: v for k, v in equality.items() if k in EQUALITY_FIELDS},
            )
        )
    if response.email:
        subject, body = render_email(
            "consultations/email/acknowledgement.txt",
            locale,
            reference=item.reference,
            title=in_language(consultation.title, consultation.title_cy, locale),
            closes_at=consultation.closes_at,
        )
        queue_email(
            session,
            to=response.email,
            subject=subject,
            body=body,
            locale=locale,
            reference=item.reference,
        )
    session.delete(draft)
    session.flush()
    return response


def response_for_key(session: Session, key: str) -> ConsultationResponse | None:
    if not key:
        return None
    return session.scalar(
        select(ConsultationResponse).where(ConsultationResponse.submission_key == key)
    )


def commit_response(session: Session, make) -> ConsultationResponse | None:
    """Run `make()` and commit; if a concurrent click already made the
    response, roll back and return None so the caller finds that one."""
    try:
        response = make()
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return response
