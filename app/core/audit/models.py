"""One row per thing a member of staff (or the system) did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, db, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    # Each filter on /admin/audit is paired with the date so "newest first"
    # reads the index in order instead of sorting the whole log.
    __table_args__ = (
        Index("ix_audit_event_actor_email_occurred", "actor_email", "occurred_at"),
        Index("ix_audit_event_action_occurred", "action", "occurred_at"),
        Index("ix_audit_event_object_ref_occurred", "object_ref", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # No ON DELETE: staff accounts are deactivated, never deleted, and the
    # log must keep pointing at the account that acted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Copied at the time, so the log still says who it was if the address changes.
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_ref: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.object_ref}>"


class AuditRedaction(db.Model):
    """A permit, held only inside the transaction that erases or anonymises
    someone: while its row exists the database lets audit entries' details be
    redacted (or, past the audit log's own period, deleted). The row is
    removed in the same transaction, so no other connection ever sees it."""

    __tablename__ = "audit_redaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
