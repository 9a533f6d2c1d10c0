"""Legal holds: a record that must be kept, whatever the retention policy
says (a claim, a complaint to the Information Commissioner, an
investigation). The retention run and erasure skip a held record and say
so. Placing and lifting a hold are audited with the reason."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.audit import record
from app.core.db import utcnow
from app.core.models import LegalHold


def active(session: Session) -> list[LegalHold]:
    return list(
        session.scalars(
            select(LegalHold)
            .where(LegalHold.lifted_at.is_(None))
            .order_by(LegalHold.placed_at.desc(), LegalHold.id.desc())
        )
    )


def recently_lifted(session: Session, limit: int = 20) -> list[LegalHold]:
    return list(
        session.scalars(
            select(LegalHold)
            .where(LegalHold.lifted_at.is_not(None))
            .order_by(LegalHold.lifted_at.desc(), LegalHold.id.desc())
            .limit(limit)
        )
    )


def is_held(session: Session, reference: str) -> bool:
    return (
        session.scalar(
            select(LegalHold.id).where(
                LegalHold.reference == reference, LegalHold.lifted_at.is_(None)
            )
        )
        is not None
    )


def place(session: Session, reference: str, reason: str, actor) -> LegalHold:
    """Hold the record; the caller commits. One hold at a time per record."""
    hold = LegalHold(reference=reference, reason=reason, placed_by_id=getattr(actor, "id", None))
    session.add(hold)
    session.flush()
    record(
        session,
        "legal_hold.place",
        actor=actor,
        object_type="legal_hold",
        object_ref=reference,
        summary=f"Placed a legal hold on {reference}",
        details={"reason": reason},
    )
    return hold


def lift(session: Session, hold: LegalHold, reason: str, actor) -> None:
    hold.lifted_at = utcnow()
    hold.lifted_by_id = getattr(actor, "id", None)
    hold.lift_reason = reason
    record(
        session,
        "legal_hold.lift",
        actor=actor,
        object_type="legal_hold",
        object_ref=hold.reference,
        summary=f"Lifted the legal hold on {hold.reference}",
        details={"reason": reason},
    )
