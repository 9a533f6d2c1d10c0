"""The survey's write layer for staff: every change a staff page makes goes
through a function here, which makes it and records its audit entry in the
caller's transaction.

The work itself lives beside what it changes (`waves`, `managing`,
`invitations`, `publication`); the daily command and the demo data call those
directly, as the system rather than a member of staff.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.surveys import invitations, managing, publication, waves

# Answering the survey and opting out of it are the public's changes, not
# staff's, and are not audited; the pages reach them through here all the same.
from app.surveys.answering import (
    issue_resume_link,
    response_for_invitation,
    save_answer,
    start_open_response,
    submit,
)
from app.surveys.invitations import set_opt_out
from app.surveys.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyWave

__all__ = [
    "add_question",
    "confirm_wave",
    "create_wave",
    "issue_resume_link",
    "propose_next_wave",
    "publish_summary",
    "remove_question",
    "response_for_invitation",
    "save_answer",
    "save_summary",
    "send_invitations",
    "set_may_identify",
    "set_opt_out",
    "set_themes",
    "start_open_response",
    "submit",
    "unpublish_summary",
    "update_question",
    "update_wave",
]


def _audit(session: Session, action: str, wave: SurveyWave, summary: str, **details) -> None:
    audit.record(session, action, obj=wave, summary=summary, details=details)


def propose_next_wave(session: Session) -> SurveyWave | None:
    wave = waves.propose_next_wave(session)
    if wave is not None:
        _audit(session, "survey.wave_proposed", wave, wave.title)
    return wave


def create_wave(
    session: Session,
    opens_at: datetime,
    closes_at: datetime,
    *,
    confirmed: bool,
    title: str | None = None,
    title_cy: str | None = None,
) -> SurveyWave:
    wave = waves.create_wave(
        session, opens_at, closes_at, confirmed=confirmed, title=title, title_cy=title_cy
    )
    _audit(session, "survey.wave_created", wave, wave.title)
    return wave


def update_wave(session: Session, wave: SurveyWave, data: dict) -> None:
    managing.update_wave(session, wave, data)
    _audit(session, "survey.wave_changed", wave, wave.title)


def confirm_wave(session: Session, wave: SurveyWave) -> bool:
    changed = managing.confirm_wave(session, wave)
    if changed:
        _audit(session, "survey.wave_confirmed", wave, wave.title)
    return changed


def send_invitations(session: Session, wave: SurveyWave) -> int:
    sent = invitations.send_invitations(session, wave)
    _audit(session, "survey.invitations_sent", wave, wave.title, invitations=sent)
    return sent


def update_question(session: Session, question: SurveyQuestion, data: dict) -> list[str]:
    changed = managing.update_question(session, question, data)
    if changed:
        _audit(
            session,
            "survey.question_changed",
            question.wave,
            question.text,
            question=question.code,
            changed=changed,
        )
    return changed


def add_question(session: Session, wave: SurveyWave, data: dict) -> SurveyQuestion:
    question = managing.add_question(session, wave, data)
    _audit(session, "survey.question_added", wave, question.text, question=question.code)
    return question


def remove_question(session: Session, question: SurveyQuestion) -> None:
    wave, text, code = question.wave, question.text, question.code
    managing.remove_question(session, question)
    _audit(session, "survey.question_removed", wave, text, question=code)


def set_themes(session: Session, wave: SurveyWave, answer: SurveyAnswer, themes: list[str]) -> None:
    publication.set_themes(session, answer, themes)
    # Named by the wave's slug, as the results page is; no id of its own.
    audit.record(
        session,
        "survey.themes",
        object_type="survey_wave",
        object_ref=wave.slug,
        summary="Tagged a survey answer with themes",
        details={"answer_id": answer.id, "themes": themes},
    )


def save_summary(session: Session, wave: SurveyWave, you_said: str, we_did: str) -> None:
    publication.save_summary(session, wave, you_said, we_did)
    _audit(session, "survey.summary", wave, "Changed “You said, we did”")


def publish_summary(session: Session, wave: SurveyWave) -> None:
    publication.publish_summary(session, wave)
    _audit(session, "survey.summary_publish", wave, "Published “You said, we did”")


def unpublish_summary(session: Session, wave: SurveyWave) -> None:
    publication.unpublish_summary(session, wave)
    _audit(session, "survey.summary_unpublish", wave, "Unpublished “You said, we did”")


def set_may_identify(session: Session, response: SurveyResponse, may_identify: bool) -> None:
    """Whether the council may know which organisation gave the answers."""
    response.may_identify = may_identify
    response.updated_at = utcnow()
