"""The outbox: every email the portal sends is first a row here.

The row is written in the same transaction as the change that causes the
email, so a submission and its acknowledgement are saved together, and mail
being down never loses either.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
STATUSES = (PENDING, SENDING, SENT, FAILED)

# An email is not a file store: a calendar file is a few kilobytes, and mail
# servers commonly refuse messages over 10 MB once encoded.
MAX_ATTACHMENT_BYTES = 1024 * 1024


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    # The poller's one query: what is pending and due, oldest first.
    __table_args__ = (Index("ix_outbox_message_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    # The recipient's language; the caller has already written the body in it.
    locale: Mapped[str] = mapped_column(String(5), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    # What the email is about (an inbox reference), so staff can find it.
    reference: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    # The email carries one-use links (an invitation, a sign-in or reset link,
    # a link back to a draft): whoever reads the row could use them first. So
    # the admin pages never show its links, and once it has gone (or failed
    # for good) the links are taken out of the stored text for ever.
    secret_links: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    links_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Sent as List-Unsubscribe with List-Unsubscribe-Post (RFC 8058), so mail
    # programs can offer their own unsubscribe button; it POSTs to this URL.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    # Where the recipient's answer goes (Reply-To), when not to the sender:
    # replies to the public go to the commissioning team's own address.
    reply_to: Mapped[str | None] = mapped_column(String(254))

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message",
        order_by="OutboxAttachment.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status}>"


class OutboxAttachment(db.Model):
    """A file sent with an outbox message. Saved once with the message, so
    every attempt to send it, and every retry, attaches the same file once."""

    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    # A full MIME type with its parameters, like "text/calendar; method=PUBLISH".
    content_type: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")

    def __repr__(self) -> str:
        return f"<OutboxAttachment {self.id} {self.filename}>"
