"""How an expression of interest loses its contact person: 6 years after the
decision (the limitation period for a statutory decision), or when the
contact asks for erasure.

The body's name, its answers about the service and the council's decision
stay: the public register and the statutory record need them. The contact's
name, role, email and phone go, from the answers, the time-stamped copy and
every copy elsewhere; supporting documents go too, as they may name anyone.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.challenges.models import ChallengeDocument, ChallengeDraft, ExpressionOfInterest
from app.core.copies import REMOVED, Copies, redact_json, redact_text, scrub_copies
from app.core.erasure import Eraser, register_corrector, register_eraser
from app.core.personal_data import Needle
from app.core.retention import Due, Handler, register_handler

CONTACT_KEYS = ("contact_name", "contact_role", "contact_email", "contact_phone")


def _identifiers(eoi: ExpressionOfInterest) -> set[str]:
    answers = eoi.answers or {}
    values = {
        eoi.contact_email,
        *(answers.get(key) for key in CONTACT_KEYS if key != "contact_role"),
    }
    return {str(value) for value in values if value and value != REMOVED}


def anonymise(session: Session, eoi: ExpressionOfInterest, reason: str) -> None:
    identifiers = _identifiers(eoi)
    copies = Copies()
    copies.add(eoi.reference, *identifiers)
    answers = dict(eoi.answers or {})
    for key in CONTACT_KEYS:
        if answers.get(key):
            answers[key] = REMOVED
    eoi.answers = redact_json(answers, copies.identifiers)
    eoi.contact_email = REMOVED
    eoi.copy_html = redact_text(eoi.copy_html, copies.identifiers) or ""
    # The digest describes the copy now kept, so a check of it still holds.
    eoi.copy_sha256 = hashlib.sha256(eoi.copy_html.encode()).hexdigest()
    session.execute(delete(ChallengeDocument).where(ChallengeDocument.eoi_id == eoi.id))
    scrub_copies(session, copies, reason=reason)


def _scrubbing(eoi: ExpressionOfInterest) -> Due:
    return Due(
        eoi.reference, lambda session, reason: anonymise(session, eoi, reason), _identifiers(eoi)
    )


def decided_due(session: Session, before: datetime) -> list[Due]:
    eois = session.scalars(
        select(ExpressionOfInterest)
        .where(
            ExpressionOfInterest.decided_at < before, ExpressionOfInterest.contact_email != REMOVED
        )
        .order_by(ExpressionOfInterest.id)
    )
    return [_scrubbing(eoi) for eoi in eois]


def for_person(session: Session, needle: Needle) -> list[Due]:
    conditions = [
        condition
        for condition in (
            needle.email_is(ExpressionOfInterest.contact_email),
            needle.reference_is(ExpressionOfInterest.reference),
        )
        if condition is not None
    ]
    if not conditions:
        return []
    eois = session.scalars(
        select(ExpressionOfInterest)
        .where(or_(*conditions), ExpressionOfInterest.contact_email != REMOVED)
        .order_by(ExpressionOfInterest.id)
    )
    found = [_scrubbing(eoi) for eoi in eois]
    # Forms still being written that carry their details simply go.
    in_drafts = needle.text_in(ChallengeDraft.answers)
    if in_drafts is not None:
        for draft in session.scalars(select(ChallengeDraft).where(in_drafts)):
            found.append(Due(f"draft-{draft.id}", _deleting_draft(draft.id)))
    return found


def _deleting_draft(draft_id: int):
    def scrub(session: Session, reason: str) -> None:
        session.execute(delete(ChallengeDocument).where(ChallengeDocument.draft_id == draft_id))
        session.execute(delete(ChallengeDraft).where(ChallengeDraft.id == draft_id))

    return scrub


def correct_email(session: Session, old: str, new: str) -> int:
    eois = list(
        session.scalars(
            select(ExpressionOfInterest).where(
                func.lower(ExpressionOfInterest.contact_email) == old
            )
        )
    )
    for eoi in eois:
        eoi.contact_email = new
        eoi.answers = {**eoi.answers, "contact_email": new}
    return len(eois)


def register() -> None:
    register_handler(Handler("right_to_challenge", decided_due))
    register_eraser(Eraser("challenge", for_person))
    register_corrector("challenge", correct_email)
