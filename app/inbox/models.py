"""The inbox: one row for every submission the public makes, whatever its kind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea


class InboxItem(db.Model):
    __tablename__ = "inbox_item"
    __table_args__ = (Index("ix_inbox_item_status_received", "status", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    service_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_area.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(30), default="new")
    submitter_name: Mapped[str | None] = mapped_column(String(200))
    submitter_email: Mapped[str | None] = mapped_column(String(254))
    # The language the submitter used, so replies go back in it.
    submitter_locale: Mapped[str] = mapped_column(String(5), default="en")

    service_area: Mapped[ServiceArea | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<InboxItem {self.reference}>"
