"""Expressions of interest being written: found by a secret the browser
holds, or that save-and-return emails. Only the secret's digest is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.challenges.models import ChallengeDocument, ChallengeDraft
from app.core.db import utcnow

# Untouched drafts are forgotten after this; the emailed link says so.
DRAFT_LIFETIME = timedelta(days=28)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_draft(session: Session, locale: str) -> tuple[ChallengeDraft, str]:
    token = secrets.token_urlsafe(32)
    draft = ChallengeDraft(token_hash=digest(token), answers={}, locale=locale)
    session.add(draft)
    session.flush()
    return draft, token


def find_draft(session: Session, token: str | None) -> ChallengeDraft | None:
    if not token or len(token) > 100:
        return None
    draft = session.scalar(select(ChallengeDraft).where(ChallengeDraft.token_hash == digest(token)))
    if draft is None or draft.updated_at < utcnow() - DRAFT_LIFETIME:
        return None
    return draft


def save_answers(draft: ChallengeDraft, answers: dict) -> None:
    # A new dict, so SQLAlchemy sees the JSON column change.
    merged = {**draft.answers, **answers}
    if merged.get("body_type") != "employees":
        merged.pop("engagement", None)
    draft.answers = merged
    draft.updated_at = utcnow()


def add_partner(draft: ChallengeDraft, partner: dict) -> None:
    save_answers(draft, {"partners": [*draft.answers.get("partners", []), partner]})


def remove_partner(draft: ChallengeDraft, index: int) -> bool:
    partners = list(draft.answers.get("partners", []))
    if not 0 <= index < len(partners):
        return False
    partners.pop(index)
    save_answers(draft, {"partners": partners})
    return True


def forget_stale_drafts(session: Session) -> int:
    cutoff = utcnow() - DRAFT_LIFETIME
    stale = select(ChallengeDraft.id).where(ChallengeDraft.updated_at < cutoff)
    session.execute(delete(ChallengeDocument).where(ChallengeDocument.draft_id.in_(stale)))
    return session.execute(
        delete(ChallengeDraft).where(ChallengeDraft.updated_at < cutoff)
    ).rowcount
