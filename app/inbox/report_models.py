"""The inbox reports' rollup: counts kept up to date as items arrive, get
their first reply and close, so the reports page never counts items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import db


class InboxReportCell(db.Model):
    """One count: items of `kind` in service area `area_key` (0 for none) that
    were received ("received"), first replied to ("first_reply") or closed
    ("closed") in the London month starting `month`. For first replies and
    closures `bucket` is the whole hours since the item arrived (capped), so
    medians and 90th percentiles come from the histogram; for "received" it is 0.
    """

    __tablename__ = "inbox_report_month"
    __table_args__ = (
        UniqueConstraint(
            "month", "kind", "area_key", "metric", "bucket", name="uq_inbox_report_month"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    area_key: Mapped[int] = mapped_column(Integer, default=0)
    metric: Mapped[str] = mapped_column(String(12))
    bucket: Mapped[int] = mapped_column(Integer, default=0)
    count: Mapped[int] = mapped_column(Integer, default=0)
