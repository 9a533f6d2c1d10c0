"""Screening free-text answers for signs that someone may be at risk.

A match never stops the response: it flags the inbox item as safeguarding,
makes it urgent and due within one working day, and tells the safeguarding
lead that there is something to look at, without any of the answer's words.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.consultations.choices import FREE_TEXT
from app.consultations.models import Consultation, ConsultationResponse, SafeguardingPhrase
from app.consultations.safeguarding_terms import COUNCIL_LIST, concern, phrase_pattern
from app.consultations.safeguarding_terms import normalise as _normalise_words
from app.core import audit
from app.core.db import utcnow
from app.core.london_time import london_today
from app.core.outbox import queue_email, render_email
from app.inbox.models import InboxItem


def normalise(text: str) -> str:
    """How a council-added phrase is stored: lower case, single spaces,
    curly apostrophes made straight (it is matched without any)."""
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def phrases(session: Session) -> list[str]:
    return list(
        session.scalars(select(SafeguardingPhrase.phrase).order_by(SafeguardingPhrase.phrase))
    )


def matches(text: str, phrase_list: list[str]) -> bool:
    """Whether any council-added phrase is in `text`, as whole words."""
    cleaned = _normalise_words(text)
    patterns = (phrase_pattern(phrase) for phrase in phrase_list)
    return any(pattern.search(cleaned) for pattern in patterns if pattern)


def screen_text(text: str, phrase_list: list[str]) -> str | None:
    """The kind of concern in one answer: the built-in list first, then the
    council's own additions; None when there is nothing to look at."""
    return concern(text) or (COUNCIL_LIST if matches(text, phrase_list) else None)


def screen_answers(session: Session, consultation: Consultation, answers: dict) -> bool:
    free_text = {str(q.id) for q in consultation.questions if q.kind == FREE_TEXT}
    texts = [str(v) for qid, v in answers.items() if qid in free_text and v]
    if not texts:
        return False
    phrase_list = phrases(session)
    return any(screen_text(text, phrase_list) for text in texts)


def next_working_day(day: date) -> date:
    """The next weekday after `day` (bank holidays are not known here)."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def raise_safeguarding_flag(
    session: Session, consultation: Consultation, response: ConsultationResponse
) -> None:
    item = session.get(InboxItem, response.inbox_item_id)
    item.safeguarding = True
    item.urgent = True
    item.due_on = next_working_day(london_today(utcnow()))
    lead = current_app.config.get("SAFEGUARDING_LEAD_EMAIL") or current_app.config["COUNCIL_EMAIL"]
    subject, body = render_email(
        "consultations/email/safeguarding.txt",
        "en",
        reference=item.reference,
        title=consultation.title,
        due_on=item.due_on,
        item_url=url_for("inbox.item", reference=item.reference, _external=True),
    )
    queue_email(session, to=lead, subject=subject, body=body, locale="en", reference=item.reference)


def add_phrase(session: Session, text: str) -> SafeguardingPhrase | None:
    phrase = normalise(text)[:120]
    if not phrase or session.scalar(
        select(SafeguardingPhrase).where(SafeguardingPhrase.phrase == phrase)
    ):
        return None
    found = SafeguardingPhrase(phrase=phrase)
    session.add(found)
    _audit(session, "consultation.phrase_add", phrase)
    return found


def remove_phrase(session: Session, phrase: SafeguardingPhrase) -> None:
    _audit(session, "consultation.phrase_remove", phrase.phrase)
    session.delete(phrase)


def _audit(session: Session, action: str, phrase: str) -> None:
    audit.record(
        session,
        action,
        object_type="safeguarding_phrase",
        object_ref=phrase,
        summary="Changed the safeguarding list",
    )
