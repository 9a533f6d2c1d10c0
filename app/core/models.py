"""Models every capability shares: the council's service areas and the
counters that tell page caches when published content changed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, db, utcnow


class ServiceArea(db.Model):
    __tablename__ = "service_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))

    def localised_name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" and self.name_cy else self.name

    def __repr__(self) -> str:
        return f"<ServiceArea {self.slug}>"


class ContentVersion(db.Model):
    """One row per kind of public content; bumped in the same transaction as
    any change, so every process sees the change at its next request."""

    __tablename__ = "content_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class RetentionRule(db.Model):
    """An administrator's choice of how long one kind of record is kept.

    Only changed kinds have a row: a kind without one is kept for the default
    in `app.core.retention_policy`, so a new kind needs no data migration."""

    __tablename__ = "retention_rule"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))


class RetentionRun(db.Model):
    """One run of the retention policy (`flask retention`, or the worker's
    daily run): what it did, or would have done, to each kind of record."""

    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The London day the periods were counted to.
    as_of: Mapped[date] = mapped_column(Date)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    # "command", "worker" or "admin".
    started_by: Mapped[str] = mapped_column(String(40), default="command")
    # {kind: {"done": n, "held": [references], "action": ..., "automated": bool}}
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"kind": ..., "reference": ..., "error": ...}]: one record failing
    # never stops the others.
    errors: Mapped[list] = mapped_column(JSON, default=list)


class LegalHold(db.Model):
    """A record that must not be deleted or anonymised (a claim, a complaint
    to the ICO, an investigation), whatever the retention policy says."""

    __tablename__ = "legal_hold"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(Text)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    lift_reason: Mapped[str] = mapped_column(Text, default="")
