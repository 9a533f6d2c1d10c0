"""Staff changes to a wave before it opens: its dates and titles, the wording
of its questions, and questions of its own. Once a wave opens its questions
are fixed, so every answer reads against what was actually asked.

Option keys never change: trends compare keys, not words."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.surveys.answering import DEFAULT_TEXT_LIMIT
from app.surveys.models import (
    CLOSED,
    OPEN,
    SCALE,
    TEXT,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyWave,
)

SCALE_KEYS = ("1", "2", "3", "4", "5")


class WaveLockedError(Exception):
    """The wave has opened: its questions can no longer change."""


def is_locked(wave: SurveyWave, now: datetime | None = None) -> bool:
    return wave.status_at(now or utcnow()) in (OPEN, CLOSED)


def _check_unlocked(wave: SurveyWave, now: datetime | None = None) -> None:
    if is_locked(wave, now):
        raise WaveLockedError


def overlapping_wave(
    session: Session, opens_at: datetime, closes_at: datetime, exclude_id: int | None = None
) -> SurveyWave | None:
    """Another wave whose dates overlap these: only one wave is open at a time."""
    query = select(SurveyWave).where(
        SurveyWave.opens_at < closes_at, SurveyWave.closes_at > opens_at
    )
    if exclude_id is not None:
        query = query.where(SurveyWave.id != exclude_id)
    return session.scalar(query.order_by(SurveyWave.opens_at).limit(1))


def update_wave(session: Session, wave: SurveyWave, data: dict) -> None:
    """Change a wave's dates and titles before it opens."""
    _check_unlocked(wave)
    for name in ("opens_at", "closes_at", "title", "title_cy"):
        if name in data:
            setattr(wave, name, data[name])
    wave.updated_at = utcnow()
    session.flush()


def confirm_wave(session: Session, wave: SurveyWave) -> bool:
    """Confirm a proposed wave: from now on its dates decide when it opens."""
    if wave.confirmed:
        return False
    _check_unlocked(wave)
    wave.confirmed = True
    wave.updated_at = utcnow()
    session.flush()
    return True


def update_question(session: Session, question: SurveyQuestion, data: dict) -> list[str]:
    """Change a question's words (and Welsh) before the wave opens. Choice
    labels change; keys never do. Returns the names of what changed."""
    _check_unlocked(question.wave)
    changed = []
    for name in ("text", "text_cy", "help_text", "help_text_cy"):
        if name in data and getattr(question, name) != data[name]:
            setattr(question, name, data[name])
            changed.append(name)
    labels = data.get("choices")
    if labels is not None:
        updated = []
        for choice in question.choices:
            given = labels.get(choice["key"], {})
            english = given.get("en") or choice["en"]
            welsh = given.get("cy", choice.get("cy", ""))
            updated.append({"key": choice["key"], "en": english, "cy": welsh})
        if updated != question.choices:
            question.choices = updated
            changed.append("choices")
    if changed:
        question.wave.updated_at = utcnow()
        session.flush()
    return changed


def _choice_key(text: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:30] or "option"
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    taken.add(key)
    return key


def add_question(session: Session, wave: SurveyWave, data: dict) -> SurveyQuestion:
    """A question for this wave only, asked after the core questions.

    `data`: kind, text, text_cy, help_text, help_text_cy, required, and for
    choice questions `choices` as [(english, welsh), ...]."""
    _check_unlocked(wave)
    kind = data["kind"]
    if kind == SCALE:
        choices = [{"key": key, "en": key, "cy": key} for key in SCALE_KEYS]
    elif kind == TEXT:
        choices = []
    else:
        taken: set[str] = set()
        choices = [
            {"key": _choice_key(english, taken), "en": english, "cy": welsh}
            for english, welsh in data["choices"]
        ]
    last = session.scalar(
        select(func.max(SurveyQuestion.position)).where(SurveyQuestion.wave_id == wave.id)
    )
    number = 1 + (
        session.scalar(
            select(func.count())
            .select_from(SurveyQuestion)
            .where(SurveyQuestion.wave_id == wave.id, SurveyQuestion.core.is_(False))
        )
        or 0
    )
    codes = {q.code for q in wave.questions}
    code = f"w{wave.id}_q{number}"
    while code in codes:
        number += 1
        code = f"w{wave.id}_q{number}"
    question = SurveyQuestion(
        wave_id=wave.id,
        code=code,
        core=False,
        position=(last or 0) + 1,
        kind=kind,
        text=data["text"],
        text_cy=data.get("text_cy", ""),
        help_text=data.get("help_text", ""),
        help_text_cy=data.get("help_text_cy", ""),
        required=bool(data.get("required")),
        choices=choices,
        show_if=None,
        max_length=DEFAULT_TEXT_LIMIT if kind == TEXT else None,
    )
    wave.questions.append(question)
    wave.updated_at = utcnow()
    session.flush()
    return question


def remove_question(session: Session, question: SurveyQuestion) -> None:
    """Take a wave-specific question out before the wave opens. Core
    questions stay: without them waves could not be compared."""
    wave = question.wave
    _check_unlocked(wave)
    if question.core:
        raise ValueError("core questions cannot be removed")
    # A wave that has not opened has no answers; this is belt and braces.
    session.execute(delete(SurveyAnswer).where(SurveyAnswer.question_id == question.id))
    wave.questions.remove(question)
    wave.updated_at = utcnow()
    session.flush()


def wave_counts(session: Session) -> dict[int, dict[str, int]]:
    """Invitations and sent responses for every wave, in two queries."""
    from app.surveys.models import SUBMITTED, SurveyInvitation

    counts: dict[int, dict[str, int]] = {}
    for wave_id, number in session.execute(
        select(SurveyInvitation.wave_id, func.count()).group_by(SurveyInvitation.wave_id)
    ):
        counts.setdefault(wave_id, {})["invitations"] = number
    for wave_id, number in session.execute(
        select(SurveyResponse.wave_id, func.count())
        .where(SurveyResponse.state == SUBMITTED)
        .group_by(SurveyResponse.wave_id)
    ):
        counts.setdefault(wave_id, {})["responses"] = number
    return counts
