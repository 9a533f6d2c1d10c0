"""A plan item: one thing the council intends to commission."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea


class PlanItem(db.Model):
    __tablename__ = "plan_item"
    __table_args__ = (
        Index("ix_plan_item_status_start", "status", "contract_start_date"),
        Index("ix_plan_item_status_updated", "status", "updated_at"),
        # Covers every listing filter, so counting results never reads whole rows.
        Index(
            "ix_plan_item_filters",
            "status",
            "cycle_stage",
            "commissioning_route",
            "service_area_id",
            "suitable_for_sme",
            "suitable_for_vcs",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    description_html: Mapped[str] = mapped_column(Text, default="")
    service_area_id: Mapped[int] = mapped_column(ForeignKey("service_area.id"), index=True)
    commissioning_route: Mapped[str] = mapped_column(String(20))
    cycle_stage: Mapped[str] = mapped_column(String(20))
    procurement_route: Mapped[str] = mapped_column(String(30))
    # The CPV division of what is bought, so alerts reach suppliers who
    # chose that kind of work as well as those who chose the service area.
    cpv_division: Mapped[str | None] = mapped_column(String(2))
    estimated_annual_value: Mapped[int | None] = mapped_column(BigInteger)
    estimated_total_value: Mapped[int | None] = mapped_column(BigInteger)
    contract_length_months: Mapped[int | None] = mapped_column(Integer)
    extension_months: Mapped[int | None] = mapped_column(Integer)
    market_engagement_date: Mapped[date | None] = mapped_column(Date)
    tender_publication_date: Mapped[date | None] = mapped_column(Date)
    award_date: Mapped[date | None] = mapped_column(Date)
    contract_start_date: Mapped[date | None] = mapped_column(Date)
    suitable_for_sme: Mapped[bool] = mapped_column(Boolean, default=False)
    suitable_for_vcs: Mapped[bool] = mapped_column(Boolean, default=False)
    lots: Mapped[list[str]] = mapped_column(JSON, default=list)
    social_value_priorities: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Lower-cased words of the title, summary and description for `q`.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Each public change is a new OCDS release; the count makes its id.
    release_count: Mapped[int] = mapped_column(Integer, default=0)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service_area: Mapped[ServiceArea] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def total_months(self) -> int | None:
        if self.contract_length_months is None:
            return None
        return self.contract_length_months + (self.extension_months or 0)

    def __repr__(self) -> str:
        return f"<PlanItem {self.slug}>"


class PlanRelease(db.Model):
    """One OCDS release exactly as it was published. Releases are never
    changed or deleted, so data users can follow a plan item's whole history,
    its withdrawal included."""

    __tablename__ = "plan_release"
    __table_args__ = (UniqueConstraint("plan_item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"))
    # Counts the item's releases from 1 and makes the release id.
    number: Mapped[int] = mapped_column(Integer)
    ocid: Mapped[str] = mapped_column(String(100), index=True)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[dict] = mapped_column(JSON)
