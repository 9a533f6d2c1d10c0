"""What the Right to Challenge holds about a person: expressions of interest
their body sent (contacts, answers, documents' names, the decision) and
forms still being written that carry their details."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.challenges.models import ChallengeDraft, ExpressionOfInterest
from app.core.personal_data import Holding, Needle, Source, any_of, register_source


def find(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(
        needle.email_is(ExpressionOfInterest.contact_email),
        needle.reference_is(ExpressionOfInterest.reference),
        needle.name_in(ExpressionOfInterest.body_name),
        # The contact's name and role are among the answers.
        needle.text_in(ExpressionOfInterest.answers),
    )
    if condition is None:
        return []
    eois = session.scalars(
        select(ExpressionOfInterest).where(condition).order_by(ExpressionOfInterest.submitted_at)
    )
    holdings = [_sent(eoi) for eoi in eois]
    in_drafts = needle.text_in(ChallengeDraft.answers)
    if in_drafts is not None:
        drafts = session.scalars(
            select(ChallengeDraft).where(in_drafts).order_by(ChallengeDraft.id)
        )
        holdings += [_draft(draft) for draft in drafts]
    return holdings


def _sent(eoi: ExpressionOfInterest) -> Holding:
    return Holding(
        kind="challenge",
        reference=eoi.reference,
        when=eoi.submitted_at,
        summary=f"{eoi.body_name}: {eoi.service_name()}",
        link=url_for("inbox.item", reference=eoi.reference),
        data={
            "service": eoi.service_name(),
            "body": eoi.body_name,
            "body_type": eoi.body_type,
            "contact_email": eoi.contact_email,
            "submitted_at": eoi.submitted_at,
            "answers": {k: v for k, v in eoi.answers.items() if k != "service_id"},
            "documents": [document.filename for document in eoi.documents],
            "decision": eoi.decision,
            "decision_reasons": eoi.decision_reasons,
            "decided_at": eoi.decided_at,
        },
    )


def _draft(draft: ChallengeDraft) -> Holding:
    return Holding(
        kind="challenge",
        reference=f"draft-{draft.id}",
        when=draft.updated_at,
        summary=str(_l("An expression of interest not yet sent")),
        data={
            "answers": {k: v for k, v in draft.answers.items() if k != "service_id"},
            "documents": [document.filename for document in draft.documents],
            "last_changed": draft.updated_at,
        },
    )


def register() -> None:
    register_source(
        Source("challenge", _l("Right to Challenge expressions of interest"), find, order=20)
    )
