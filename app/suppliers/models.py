"""Suppliers on the register and the people who sign in for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea

supplier_service_area = Table(
    "supplier_service_area",
    db.metadata,
    Column("supplier_id", ForeignKey("supplier.id", ondelete="CASCADE"), primary_key=True),
    Column("service_area_id", ForeignKey("service_area.id"), primary_key=True),
)


class Supplier(db.Model):
    """An organisation on the supplier register."""

    __tablename__ = "supplier"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(40))
    # Unique, so the same charity or company cannot register twice.
    charity_number: Mapped[str | None] = mapped_column(String(10), unique=True)
    company_number: Mapped[str | None] = mapped_column(String(8), unique=True)
    cdp_id: Mapped[str | None] = mapped_column(String(60))
    staff_count: Mapped[int] = mapped_column(Integer)
    volunteer_count: Mapped[int] = mapped_column(Integer)
    turnover_band: Mapped[str] = mapped_column(String(20))
    balance_sheet_band: Mapped[str | None] = mapped_column(String(20))
    is_sme: Mapped[bool] = mapped_column(Boolean, default=False)
    is_vcse: Mapped[bool] = mapped_column(Boolean, default=False)
    postcode: Mapped[str] = mapped_column(String(8))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    cpv_divisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    news_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    alert_frequency: Mapped[str] = mapped_column(String(10), default="weekly")
    # The last digest; the next one lists what changed after it.
    alerts_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Verification is worked in the inbox; this is the item to look at.
    inbox_reference: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service_areas: Mapped[list[ServiceArea]] = relationship(
        secondary=supplier_service_area, order_by=ServiceArea.name
    )
    contacts: Mapped[list[SupplierContact]] = relationship(
        back_populates="supplier", order_by="SupplierContact.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Supplier {self.id} {self.name!r}>"


class SupplierContact(db.Model):
    """A person who signs in for a supplier; one organisation can have several."""

    __tablename__ = "supplier_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    # Stored lower-cased, so one address is one contact however it is typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    supplier: Mapped[Supplier] = relationship(back_populates="contacts")

    def __repr__(self) -> str:
        return f"<SupplierContact {self.id}>"


class SignInLink(db.Model):
    """A one-time emailed sign-in link. Only a hash of its token is kept, so
    the table is no use to someone who reads it."""

    __tablename__ = "supplier_sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_contact.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[SupplierContact] = relationship()


class PlanAlertWatch(db.Model):
    """What alerts last saw of a published plan item: its stage and dates.
    Kept here, not on the plan, so the forward plan knows nothing of alerts."""

    __tablename__ = "supplier_plan_watch"

    plan_item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True
    )
    fingerprint: Mapped[str] = mapped_column(String(200))
    # "published", "withdrawn" or "changed" ("stage" and "dates" in rows
    # from before the fields were listed): what alerts will say happened.
    change: Mapped[str] = mapped_column(String(20))
    # For "changed": JSON of each field that changed, with its old and new value.
    changes: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
