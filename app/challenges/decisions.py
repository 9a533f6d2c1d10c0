"""The council's statutory decisions on an expression of interest. Each one
changes the inbox item's status, updates what /track and the register show,
and emails the body; each goes on the audit log. All in the caller's transaction."""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.challenges.choices import DECIDED, PROCUREMENT_OUTCOMES, REJECTION_GROUNDS
from app.challenges.models import ExpressionOfInterest
from app.challenges.windows import council_today
from app.core import audit
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.inbox.services import change_status


class NotAllowed(Exception):
    """The decision does not fit where the expression of interest has got to."""


def is_late(eoi: ExpressionOfInterest, on: date) -> bool:
    """Whether a decision dated `on` falls after the council's published
    decision period (Localism Act 2011 s.84(4))."""
    return eoi.decision_period_ends_on is not None and on > eoi.decision_period_ends_on


def _record_late(eoi: ExpressionOfInterest, on: date, late_reason: str) -> None:
    if not is_late(eoi, on):
        return
    if not late_reason.strip():
        raise NotAllowed("a decision after the published period needs its reason")
    eoi.late_reason = late_reason.strip()


def _tell_body(session: Session, eoi: ExpressionOfInterest, event: str) -> None:
    item = eoi.inbox_item
    subject, body = render_email(
        "challenges/email/decision.txt",
        item.submitter_locale,
        event=event,
        eoi=eoi,
        service_name=eoi.service_name(item.submitter_locale),
        grounds=[REJECTION_GROUNDS[code] for code in eoi.rejection_grounds],
        track_url=url_for("pages.track", _external=True),
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
    session: Session,
    eoi: ExpressionOfInterest,
    actor: StaffUser,
    decide_by: date,
    beyond_reason: str = "",
) -> None:
    """Tell the body when the council will decide; a date after the published
    period must carry its reason (Localism Act 2011 s.84(4))."""
    _open(eoi)
    if eoi.status == "modification_proposed":
        raise NotAllowed("a modification is waiting for the body's answer")
    _record_late(eoi, decide_by, beyond_reason)
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
    today: date | None = None,
    late_reason: str = "",
) -> None:
    """Reject only on the grounds SI 2012/1647 sets out, with published reasons."""
    _open(eoi)
    grounds = [code for code in grounds if code in REJECTION_GROUNDS]
    if not grounds or not reasons.strip():
        raise NotAllowed("a rejection needs a statutory ground and reasons")
    _record_late(eoi, today or council_today(), late_reason)
    eoi.rejection_grounds = grounds
    eoi.decision_reasons = reasons.strip()
    _decide(session, eoi, actor, "rejected", reasons.strip())


def accept(
    session: Session,
    eoi: ExpressionOfInterest,
    actor: StaffUser,
    reasons: str,
    today: date | None = None,
    late_reason: str = "",
) -> None:
    _open(eoi)
    if eoi.status == "modification_proposed":
        raise NotAllowed("record the body's answer to the proposed modification first")
    _record_late(eoi, today or council_today(), late_reason)
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
    session: Session,
    eoi: ExpressionOfInterest,
    actor: StaffUser,
    agreed_on: date,
    how: str,
    today: date | None = None,
    late_reason: str = "",
) -> None:
    """Accept with modifications: only once the body has agreed in writing."""
    if eoi.status != "modification_proposed":
        raise NotAllowed("no modification is waiting for agreement")
    if not how.strip():
        raise NotAllowed("say how the body agreed")
    _record_late(eoi, today or council_today(), late_reason)
    eoi.modification_agreed_on = agreed_on
    eoi.modification_agreement = how.strip()
    _decide(session, eoi, actor, "accepted_with_modifications", eoi.decision_reasons)


def withdraw(session: Session, eoi: ExpressionOfInterest, actor: StaffUser, note: str) -> None:
    _open(eoi)
    if not note.strip():
        raise NotAllowed("say how the body withdrew")
    eoi.decision_reasons = note.strip()
    _decide(session, eoi, actor, "withdrawn", note.strip())


def record_procurement(
    session: Session,
    eoi: ExpressionOfInterest,
    actor: StaffUser,
    started_on: date,
    expected_end_on: date,
    outcome: str,
    ended_on: date | None,
    note: str,
) -> None:
    """The procurement exercise the council runs after accepting an expression
    of interest (Localism Act 2011 s.83(8)): when it started, when it should
    end and how it ended. Shown to staff and on the public register."""
    if not eoi.accepted:
        raise NotAllowed("only an accepted expression of interest leads to procurement")
    if outcome not in PROCUREMENT_OUTCOMES:
        raise NotAllowed("unknown outcome")
    if expected_end_on < started_on or (ended_on is not None and ended_on < started_on):
        raise NotAllowed("the exercise cannot end before it starts")
    if outcome != "running" and ended_on is None:
        raise NotAllowed("a finished exercise needs the day it ended")
    eoi.procurement_started_on = started_on
    eoi.procurement_expected_end_on = expected_end_on
    eoi.procurement_outcome = outcome
    eoi.procurement_ended_on = ended_on if outcome != "running" else None
    eoi.procurement_note = note.strip()
    audit.record(
        session,
        "inbox.update",
        actor=actor,
        object_type="inbox_item",
        object_ref=eoi.reference,
        summary="Right to Challenge procurement exercise recorded",
        details={"procurement": outcome, "started_on": str(started_on)},
    )


def set_welsh(
    session: Session, eoi: ExpressionOfInterest, actor: StaffUser, welsh: dict[str, str]
) -> list[str]:
    """Save the Welsh of the council's published words; returns the fields
    that changed. It changes the register, not the decision, so the body is
    not emailed again."""
    changed = []
    for name, value in welsh.items():
        if name not in {f"{field}_cy" for field in eoi.__bilingual__}:
            raise NotAllowed(f"{name} is not Welsh the council writes")
        value = (value or "").strip()
        if getattr(eoi, name) != value:
            setattr(eoi, name, value)
            changed.append(name)
    if changed:
        audit.record(
            session,
            "inbox.update",
            actor=actor,
            object_type="inbox_item",
            object_ref=eoi.reference,
            summary="Right to Challenge: Welsh of the published words saved",
            details={"fields": changed},
        )
    return changed
