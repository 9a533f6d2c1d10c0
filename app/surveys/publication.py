"""What staff change about a wave's results: theme tags on free-text
answers, and the "You said, we did" the council publishes after a wave."""

from __future__ import annotations

import re
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.page_cache import bump_version
from app.core.sanitise import clean_html, safe_html
from app.surveys.models import CLOSED, SurveyAnswer, SurveyQuestion, SurveyWave

MAX_THEMES = 10
MAX_THEME_LENGTH = 40


# The public results pages are cached until a summary is published, changed
# or withdrawn: a closed wave's figures never change after it closes.
PUBLIC_RESULTS = "survey_results"


class PublicationError(Exception):
    """A change the wave's state does not allow, with a message for staff."""


def parse_themes(raw: str) -> list[str]:
    """Comma-separated tags, tidied, each once (ignoring case), in order.
    Raises ValueError naming the first problem."""
    themes, seen = [], set()
    for part in (raw or "").split(","):
        theme = " ".join(part.split())
        if not theme:
            continue
        if len(theme) > MAX_THEME_LENGTH:
            raise ValueError("too_long")
        if theme.casefold() in seen:
            continue
        seen.add(theme.casefold())
        themes.append(theme)
    if len(themes) > MAX_THEMES:
        raise ValueError("too_many")
    return themes


def set_themes(session: Session, answer: SurveyAnswer, themes: list[str]) -> None:
    # A new list, so the JSON column sees the change.
    answer.themes = list(themes)
    session.flush()


def answer_in_wave(session: Session, wave: SurveyWave, answer_id: int) -> SurveyAnswer | None:
    answer = session.get(SurveyAnswer, answer_id)
    if answer is None:
        return None
    question = session.get(SurveyQuestion, answer.question_id)
    if question is None or question.wave_id != wave.id or question.kind != "text":
        return None
    return answer


def save_summary(session: Session, wave: SurveyWave, you_said: str, we_did: str) -> None:
    wave.you_said = clean_html(you_said)
    wave.we_did = clean_html(we_did)
    wave.updated_at = utcnow()
    if wave.summary_published_at is not None:
        bump_version(session, PUBLIC_RESULTS)
    session.flush()


def publish_summary(session: Session, wave: SurveyWave, now: datetime | None = None) -> None:
    now = now or utcnow()
    if wave.status_at(now) != CLOSED:
        raise PublicationError("not_closed")
    if not wave.you_said.strip() or not wave.we_did.strip():
        raise PublicationError("empty")
    wave.summary_published_at = now
    wave.updated_at = now
    bump_version(session, PUBLIC_RESULTS)
    session.flush()


def unpublish_summary(session: Session, wave: SurveyWave) -> None:
    wave.summary_published_at = None
    wave.updated_at = utcnow()
    bump_version(session, PUBLIC_RESULTS)
    session.flush()


_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def summary_html(text: str | None) -> Markup:
    """Stored text as HTML: cleaned again if staff wrote HTML, otherwise its
    paragraphs (blank-line separated) and line breaks kept."""
    text = (text or "").strip()
    if _TAG.search(text):
        return safe_html(text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return Markup("").join(
        Markup('<p class="govuk-body">{}</p>').format(
            Markup("<br>").join(escape(line) for line in paragraph.strip().split("\n"))
        )
        for paragraph in paragraphs
    )
