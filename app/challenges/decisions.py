"""The council's statutory decisions on an expression of interest. Each one
changes the inbox item's status, updates what /track and the register show,
and emails the body; each goes on the audit log. All in the caller's transaction."""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.challenges.choices import DECIDED, REJECTION_GROUNDS
from app.challenges.models import ExpressionOfInterest
from app.core import audit
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.inbox.services import change_status


class NotAllowed(Exception):
    """The decision does not fit where the expression of interest has got to."""


def _tell_body(session: Session, eoi: ExpressionOfInterest, event: str) -> None:
    item = eoi.inbox_item
    subject, body = render_email(
        "challenges/email/decision.txt",
        item.submitter_locale,
        event=event,
        eoi=eoi,
        service_name=eoi.service.localised_name(item.submitter_locale),
        grounds=[REJECTION_GROUNDS[code] for code in eoi.rejection_grounds],
        track_url=url_for("challenges.track", _external=True),
    )
    queue_email(
        session,
        to=eoi.contact_email,
        subject=subject,
        body=body,
        locale=item.submitter_locale,
        reference=eoi.reference,
    )


def _audit(session: Session, eoi: ExpressionOfInterest, actor: StaffUser) -> None:
    """Every decision is on the audit log under its inbox item."""
    audit.record(
        session,
        "inbox.update",
        actor=actor,
        object_type="inbox_item",
        object_ref=eoi.reference,
        summary=f"Right to Challenge decision: {eoi.status}",
        details={"change": eoi.status},
    )


def _open(eoi: ExpressionOfInterest) -> None:
    if eoi.status in DECIDED:
        raise NotAllowed("already decided")


def notify_decision_date(
    session: Session, eoi: ExpressionOfInterest, actor: StaffUser, decide_by: date
) -> None:
    _open(eoi)
    if eoi.status == "modification_proposed":
        raise NotAllowed("a modification is waiting for the body's answer")
    eoi.decision_due_on = decide_by
    eoi.inbox_item.due_on = decide_by
    change_status(
        session,
        eoi.inbox_item,
        "decision_date_notified",
        actor,
        f"Decision by {decide_by}",
        change=None,
    )
    _tell_body(session, eoi, "decision_date")
    _audit(session, eoi, actor)


def _decide(
    session: Session, eoi: ExpressionOfInterest, actor: StaffUser, status: str, note: str
) -> None:
    eoi.decision = status
    eoi.decided_at = utcnow()
    eoi.inbox_item.due_on = None
    eoi.inbox_item.outcome = note
    change_status(session, eoi.inbox_item, status, actor, note, change=None)
    _tell_body(session, eoi, status)
    _audit(session, eoi, actor)


def reject(
    session: Session,
    eoi: ExpressionOfInterest,
    actor: StaffUser,
    grounds: list[str],
    reasons: str,
) -> None:
    _open(eoi)
    grounds = [code for code in grounds if code in REJECTION_GROUNDS]
    if not grounds or not reasons.strip():
        raise NotAllowed("a rejection needs a statutory ground and reasons")
    eoi.rejection_grounds = grounds
    eoi.decision_reasons = reasons.strip()
    _decide(session, eoi, actor, "rejected", reasons.strip())


def accept(session: Session, eoi: ExpressionOfInterest, actor: StaffUser, reasons: str) -> None:
    _open(eoi)
    if eoi.status == "modification_proposed":
        raise NotAllowed("record the body's answer to the proposed modification first")
    eoi.decision_reasons = reasons.strip()
    _decide(session, eoi, actor, "accepted", reasons.strip())


def propose_modification(
    session: Session, eoi: ExpressionOfInterest, actor: StaffUser, change: str, reasons: str
) -> None:
    _open(eoi)
    if not change.strip() or not reasons.strip():
        raise NotAllowed("a modification needs the change and the reasons")
    eoi.proposed_modification = change.strip()
    eoi.decision_reasons = reasons.strip()
    change_status(
        session, eoi.inbox_item, "modification_proposed", actor, change.strip(), change=None
    )
    _tell_body(session, eoi, "modification_proposed")
    _audit(session, eoi, actor)


def record_agreement(
    session: Session, eoi: ExpressionOfInterest, actor: StaffUser, agreed_on: date, how: str
) -> None:
    """Accept with modifications: only once the body has agreed in writing."""
    if eoi.status != "modification_proposed":
        raise NotAllowed("no modification is waiting for agreement")
    if not how.strip():
        raise NotAllowed("say how the body agreed")
    eoi.modification_agreed_on = agreed_on
    eoi.modification_agreement = how.strip()
    _decide(session, eoi, actor, "accepted_with_modifications", eoi.decision_reasons)


def withdraw(session: Session, eoi: ExpressionOfInterest, actor: StaffUser, note: str) -> None:
    _open(eoi)
    if not note.strip():
        raise NotAllowed("say how the body withdrew")
    eoi.decision_reasons = note.strip()
    _decide(session, eoi, actor, "withdrawn", note.strip())
