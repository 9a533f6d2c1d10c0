"""Meet-the-buyer events, their one-to-one slots, and suppliers' bookings."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.bilingual import Bilingual
from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea
from app.plans.models import PlanItem
from app.suppliers.models import Supplier, SupplierContact

event_plan_item = Table(
    "event_plan_item",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("plan_item_id", ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True),
)

IN_PERSON = "in_person"
ONLINE = "online"

CONFIRMED = "confirmed"
WAITING = "waiting"
CANCELLED = "cancelled"


class Event(Bilingual, db.Model):
    """A meet-the-buyer event, run by the commissioners of one service area.

    Staff limited to some service areas see, export, message and change only
    the events of those areas. An event with no service area (one set up
    before events had areas) belongs to the whole council: like an inbox item
    with no area, only staff with no area limit see and manage it, and give it
    an area when they next edit it. The public pages show every published
    event, whatever its area.
    """

    __tablename__ = "event"
    __bilingual__ = ("title", "description_html", "venue", "accessibility", "buyers_attending")
    __table_args__ = (Index("ix_event_status_starts", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # As for plan items: an area with events cannot be deleted, so an event
    # never silently becomes council-wide.
    service_area_id: Mapped[int | None] = mapped_column(ForeignKey("service_area.id"), index=True)
    description_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    format: Mapped[str] = mapped_column(String(20), default=IN_PERSON)
    venue: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[str | None] = mapped_column(Text)
    # Shown only to people with a confirmed booking.
    joining_link: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int] = mapped_column(Integer)
    places_per_organisation: Mapped[int] = mapped_column(Integer, default=2)
    booking_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    booking_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    buyers_attending: Mapped[str] = mapped_column(Text, default="")
    # The Welsh (app.core.bilingual): empty until staff write it.
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description_html_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    venue_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    accessibility_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    buyers_attending_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Confirmed places, kept in step with bookings under the event's row lock,
    # so "places left" is one column read.
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    reminders_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The iCalendar SEQUENCE (RFC 5545 3.8.7.4): raised on every change, so a
    # calendar that holds the event takes each new file as newer.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service_area: Mapped[ServiceArea | None] = relationship()
    plan_items: Mapped[list[PlanItem]] = relationship(
        secondary=event_plan_item, order_by=PlanItem.title
    )
    slots: Mapped[list[EventSlot]] = relationship(
        back_populates="event", order_by="EventSlot.starts_at", cascade="all, delete-orphan"
    )

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    __translation_kind__ = _l("Events")

    @property
    def translation_url(self) -> str:
        return url_for("events_admin.edit", event_id=self.id)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class EventSlot(db.Model):
    """A one-to-one meeting with a named buyer; one booking can take it."""

    __tablename__ = "event_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    buyer_name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="slots")


class Booking(db.Model):
    __tablename__ = "event_booking"
    __table_args__ = (
        # The waiting list in order, and an organisation's bookings for an event.
        Index("ix_event_booking_event_status", "event_id", "status", "id"),
        Index("ix_event_booking_event_supplier", "event_id", "supplier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_contact.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    places: Mapped[int] = mapped_column(Integer)
    access_needs: Mapped[str] = mapped_column(Text, default="")
    dietary_needs: Mapped[str] = mapped_column(Text, default="")
    # Unique only among live bookings is enforced in the service, under the lock.
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_slot.id", ondelete="SET NULL"), index=True
    )
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    # A hash of the token in the emailed cancellation link.
    cancel_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Added to the event's sequence in this booking's calendar files; raised
    # when it is cancelled, and a re-booking starts above the last one's, so
    # the booker's calendar always takes the newest file (RFC 5546).
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Cancelled because the whole event was: its booker is told if the event
    # comes back, and the booking is not silently restored.
    cancelled_with_event: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    event: Mapped[Event] = relationship()
    supplier: Mapped[Supplier] = relationship()
    contact: Mapped[SupplierContact | None] = relationship()
    slot: Mapped[EventSlot | None] = relationship()
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="booking", order_by="Attendee.id", cascade="all, delete-orphan"
    )


class Attendee(db.Model):
    __tablename__ = "event_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("event_booking.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    attended: Mapped[bool | None] = mapped_column(Boolean)

    booking: Mapped[Booking] = relationship(back_populates="attendees")
