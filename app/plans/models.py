"""A plan item: one thing the council intends to commission."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
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
    false,
    select,
)
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship

from app.core.bilingual import Bilingual
from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea


class PlanItem(Bilingual, db.Model):
    __tablename__ = "plan_item"
    __bilingual__ = ("title", "summary", "description_html")
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
    # The Welsh (app.core.bilingual): empty until staff write it.
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_cy: Mapped[str] = mapped_column(String(600), default="", server_default="")
    description_html_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
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
    # The contract's lots in the order staff gave them. Pages and exports
    # that show many items load them with selectinload, one query for all.
    lots: Mapped[list[PlanLot]] = relationship(
        back_populates="plan_item",
        order_by="PlanLot.position",
        cascade="all, delete-orphan",
    )

    # --- What a Procurement Act 2023 pipeline notice (UK1) needs (app/plans/pipeline.py).
    # Goods, services or works (OCDS tender.mainProcurementCategory).
    main_category: Mapped[str | None] = mapped_column(String(20))
    # Eight-digit CPV 2008 codes beyond the division (app/core/cpv.py lists them).
    cpv_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # When the council expects to publish the tender or transparency notice.
    estimated_notice_date: Mapped[date | None] = mapped_column(Date)
    # Estimated total value including VAT, in pounds (Procurement Act 2023 Sch.3).
    value_gross: Mapped[int | None] = mapped_column(BigInteger)
    is_framework: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_dynamic_market: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def total_months(self) -> int | None:
        if self.contract_length_months is None:
            return None
        return self.contract_length_months + (self.extension_months or 0)

    __translation_kind__ = _l("Plan items")

    @property
    def translation_url(self) -> str:
        return url_for("plans_admin.edit", item_id=self.id)

    def __repr__(self) -> str:
        return f"<PlanItem {self.slug}>"


class PlanLot(Bilingual, db.Model):
    """One lot of a plan item: a part of the contract bid for on its own,
    with its own value and contract period (Procurement Act 2023 s.18 and
    the lots of a pipeline notice)."""

    __tablename__ = "plan_lot"
    __bilingual__ = ("title",)
    __table_args__ = (Index("ix_plan_lot_item_position", "plan_item_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"))
    # Counts from 1 within the item and makes the lot's OCDS id.
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Whole pounds, as the plan item's own values: excluding and including VAT.
    value: Mapped[int | None] = mapped_column(BigInteger)
    value_gross: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    plan_item: Mapped[PlanItem] = relationship(back_populates="lots")

    __translation_kind__ = _l("Lots of plan items")

    @classmethod
    def translation_select(cls):
        # A lot lies in its plan item's area; the label needs the item's title.
        return (
            select(cls).join(PlanItem).options(contains_eager(cls.plan_item)),
            PlanItem.service_area_id,
        )

    @property
    def translation_label(self) -> str:
        return f"{self.plan_item.title}: {self.title}"

    @property
    def translation_url(self) -> str:
        return url_for("plans_admin.edit_lot", item_id=self.plan_item_id, lot_id=self.id)

    def __repr__(self) -> str:
        return f"<PlanLot {self.plan_item_id}/{self.position}>"


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


class ProcurementSettings(db.Model):
    """The council's own procurement facts, one row, kept by administrators
    at /admin/procurement-settings: what a pipeline notice (UK1) and the
    open data need to say who the council is."""

    __tablename__ = "procurement_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Expected spend on public contracts in the financial year (pipeline.SPEND_BANDS).
    spend_band: Mapped[str | None] = mapped_column(String(20))
    # The council's Public Procurement Organisation Number (GB-PPON scheme).
    ppon: Mapped[str | None] = mapped_column(String(20))
    # Find a Tender's UK_CA_TYPE code (pipeline.AUTHORITY_TYPES): the longest,
    # publicAuthoritySubCentralGovernment, is 35 characters.
    authority_type: Mapped[str | None] = mapped_column(String(60))
    # The prefix registered for the council's ocids; blank: OCDS_OCID_PREFIX.
    ocid_prefix: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PipelineNotice(db.Model):
    """The council's pipeline notice for one reporting period, as published
    on Find a Tender by a commissioner."""

    __tablename__ = "pipeline_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    # 1 April of the financial year the notice is for.
    period_start: Mapped[date] = mapped_column(Date, unique=True)
    notice_number: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    # The ids of the items it listed, to say which have changed since.
    item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
