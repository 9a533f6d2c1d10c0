"""The inbox: one row for every submission the public makes, whatever its kind,
with the notes and status changes commissioners add while working it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import StaffUser
from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea

# Themes tagged on items, for analysing what people say across submissions.
inbox_item_tag = Table(
    "inbox_item_tag",
    db.metadata,
    Column("item_id", ForeignKey("inbox_item.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("inbox_tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class InboxTag(db.Model):
    __tablename__ = "inbox_tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)

    def __repr__(self) -> str:
        return f"<InboxTag {self.name}>"


class InboxItem(db.Model):
    __tablename__ = "inbox_item"
    __table_args__ = (
        Index("ix_inbox_item_status_received", "status", "received_at"),
        # The due-date order pages by (due_on, id).
        Index("ix_inbox_item_due", "due_on", "id"),
        # The dashboard counts open items; closed ones are most of a mature
        # inbox. The status is held too, for the other finished statuses.
        Index(
            "ix_inbox_item_open",
            "kind",
            "due_on",
            "urgent",
            "safeguarding",
            "status",
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
        # Status counts within a kind or a service area.
        Index("ix_inbox_item_kind_status", "kind", "status"),
        Index("ix_inbox_item_area_status", "service_area_id", "status"),
    )

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
    # The submission in the submitter's words, as plain text, for reading and search.
    body_text: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(Text)
    # Where the submission came from, e.g. "consultation:12", "event:4",
    # "wave:3" or "service:7"; NULL for items filed before this was kept.
    source_key: Mapped[str | None] = mapped_column(String(40), index=True)

    service_area: Mapped[ServiceArea | None] = relationship(lazy="joined")
    assignee: Mapped[StaffUser | None] = relationship(lazy="joined")
    # One extra query for a whole page of items, never one per item.
    tags: Mapped[list[InboxTag]] = relationship(
        secondary=inbox_item_tag, lazy="selectin", order_by=InboxTag.name
    )

    def __repr__(self) -> str:
        return f"<InboxItem {self.reference}>"


class InboxNote(db.Model):
    """An internal note: never shown to the submitter."""

    __tablename__ = "inbox_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inbox_item.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class InboxStatusChange(db.Model):
    """The item's history: every change of status, who made it and why."""

    __tablename__ = "inbox_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inbox_item.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[StaffUser | None] = relationship(lazy="joined")


class InboxReply(db.Model):
    """An email sent to the submitter from the item page, through the outbox."""

    __tablename__ = "inbox_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inbox_item.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class InboxSetting(db.Model):
    """A setting of the commissioning team's, changed by administrators
    (the team lead, the team's address): one row for each setting changed."""

    __tablename__ = "inbox_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class InboxReminderRun(db.Model):
    """One day's reminders: the digests and escalations sent for that London
    day, so the worker sends them once, whichever worker looks first."""

    __tablename__ = "inbox_reminder_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    digests: Mapped[int] = mapped_column(default=0)
    escalations: Mapped[int] = mapped_column(default=0)


class InboxReplyTemplate(db.Model):
    """A reply that staff start from, written in English and Welsh, with
    placeholders filled from the item: {name}, {reference}, {consultation}."""

    __tablename__ = "inbox_reply_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    body_en: Mapped[str] = mapped_column(Text)
    body_cy: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<InboxReplyTemplate {self.name}>"
