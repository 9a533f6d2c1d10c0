"""Community Right to Challenge: the services open to challenge, their
submission windows, expressions of interest and the council's decisions on
them (Localism Act 2011 ss.81-86, SI 2012/1313)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.challenges.choices import SPENT_EXCLUSIONS, STATUTORY_EXCLUSIONS
from app.core.bilingual import Bilingual
from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea
from app.inbox.models import InboxItem


class ChallengeService(Bilingual, db.Model):
    """A council service a relevant body may express an interest in running."""

    __tablename__ = "challenge_service"
    __bilingual__ = ("name", "description", "exclusion_reason")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_cy: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_cy: Mapped[str] = mapped_column(Text, default="")
    service_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_area.id", ondelete="SET NULL"), index=True
    )
    # Excluded services are published too, with the reason, so nobody wastes
    # effort. Excluded only on a statutory exclusion in force (choices.STATUTORY_EXCLUSIONS,
    # SI 2012/1313 reg.4(1) and Sch.2); the council's note says how it applies.
    # A code in choices.SPENT_EXCLUSIONS (Sch.2 paras.2-3, no effect since
    # 1 April 2014, reg.4(2)) is kept for reading only and excludes nothing.
    exclusion_code: Mapped[str | None] = mapped_column(String(30))
    exclusion_reason: Mapped[str] = mapped_column(Text, default="")
    exclusion_reason_cy: Mapped[str] = mapped_column(Text, default="")
    # The council's published periods: days to decide once it has an EOI,
    # and the months between acceptance and the start of procurement.
    decision_period_days: Mapped[int] = mapped_column(Integer, default=90)
    procurement_min_months: Mapped[int] = mapped_column(Integer, default=3)
    procurement_max_months: Mapped[int] = mapped_column(Integer, default=12)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service_area: Mapped[ServiceArea | None] = relationship(lazy="joined")
    windows: Mapped[list[ChallengeWindow]] = relationship(
        back_populates="service",
        lazy="selectin",
        order_by="ChallengeWindow.opens_on",
        cascade="all, delete-orphan",
    )

    @property
    def excluded(self) -> bool:
        return self.exclusion_code in STATUTORY_EXCLUSIONS

    @property
    def spent_exclusion(self) -> bool:
        """Recorded as excluded under an exclusion that is no longer in force."""
        return self.exclusion_code in SPENT_EXCLUSIONS

    def localised_name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" and self.name_cy else self.name

    def localised_description(self, locale: str) -> str:
        return self.description_cy if locale == "cy" and self.description_cy else self.description

    def localised_exclusion_reason(self, locale: str) -> str:
        if locale == "cy" and self.exclusion_reason_cy:
            return self.exclusion_reason_cy
        return self.exclusion_reason

    __translation_kind__ = _l("Right to Challenge services")

    @property
    def translation_url(self) -> str:
        return url_for("challenges_admin.edit", service_id=self.id)

    def __repr__(self) -> str:
        return f"<ChallengeService {self.slug}>"


class ChallengeWindow(db.Model):
    """A period in which expressions of interest for a service are taken.
    A service with no windows takes them at any time."""

    __tablename__ = "challenge_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_service.id", ondelete="CASCADE"), index=True
    )
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)

    service: Mapped[ChallengeService] = relationship(back_populates="windows")


class ExpressionOfInterest(Bilingual, db.Model):
    """What a body sent, kept as it was sent, with the council's decision."""

    __tablename__ = "challenge_eoi"
    # What the council writes and publishes on the register; the body's own
    # words stay as the body wrote them.
    __bilingual__ = ("decision_reasons", "late_reason", "proposed_modification", "procurement_note")
    __table_args__ = (Index("ix_challenge_eoi_submitted", "submitted_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inbox_item_id: Mapped[int] = mapped_column(ForeignKey("inbox_item.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # None when the body named a service the council does not list: any
    # service the council provides is open to challenge (s.81(1), (5)).
    service_id: Mapped[int | None] = mapped_column(ForeignKey("challenge_service.id"), index=True)
    other_service_name: Mapped[str] = mapped_column(String(200), default="")
    other_service_description: Mapped[str] = mapped_column(Text, default="")
    body_name: Mapped[str] = mapped_column(String(200))
    body_type: Mapped[str] = mapped_column(String(30))
    contact_email: Mapped[str] = mapped_column(String(254))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every answer, as the body gave it; never changed after submission.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The time-stamped copy the body can download, and its digest.
    copy_html: Mapped[str] = mapped_column(Text)
    copy_sha256: Mapped[str] = mapped_column(String(64))
    # The statutory clock: 30 days from receipt, or from the close of the window.
    notify_by: Mapped[date] = mapped_column(Date)
    # The last day of the council's published decision period (s.84(4)).
    decision_period_ends_on: Mapped[date | None] = mapped_column(Date)
    # Why a decision fell after that period: required then, and published.
    late_reason: Mapped[str] = mapped_column(Text, default="")
    decision_due_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(30))
    decision_reasons: Mapped[str] = mapped_column(Text, default="")
    rejection_grounds: Mapped[list[str]] = mapped_column(JSON, default=list)
    proposed_modification: Mapped[str] = mapped_column(Text, default="")
    modification_agreed_on: Mapped[date | None] = mapped_column(Date)
    modification_agreement: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The procurement exercise that follows acceptance (s.83(8)).
    procurement_started_on: Mapped[date | None] = mapped_column(Date)
    procurement_expected_end_on: Mapped[date | None] = mapped_column(Date)
    procurement_outcome: Mapped[str | None] = mapped_column(String(30))
    procurement_ended_on: Mapped[date | None] = mapped_column(Date)
    procurement_note: Mapped[str] = mapped_column(Text, default="")
    # The Welsh of the council's published words (app.core.bilingual).
    decision_reasons_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    late_reason_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    proposed_modification_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    procurement_note_cy: Mapped[str] = mapped_column(Text, default="", server_default="")

    inbox_item: Mapped[InboxItem] = relationship(lazy="joined", innerjoin=True)
    service: Mapped[ChallengeService | None] = relationship(lazy="joined")
    documents: Mapped[list[ChallengeDocument]] = relationship(
        back_populates="eoi", lazy="selectin", order_by="ChallengeDocument.id"
    )

    @property
    def status(self) -> str:
        return self.inbox_item.status

    @property
    def relevant_body(self) -> bool:
        from app.challenges.choices import is_relevant_body

        return is_relevant_body(self.body_type)

    def service_name(self, locale: str = "en") -> str:
        if self.service is not None:
            return self.service.localised_name(locale)
        return self.other_service_name

    @property
    def accepted(self) -> bool:
        return self.decision in ("accepted", "accepted_with_modifications")

    __translation_kind__ = _l("Right to Challenge decisions")

    @classmethod
    def translation_select(cls):
        # An expression of interest lies in its inbox item's area.
        return select(cls).join(InboxItem, cls.inbox_item_id == InboxItem.id), (
            InboxItem.service_area_id
        )

    @property
    def translation_label(self) -> str:
        return f"{self.reference}: {self.service_name()}"

    @property
    def translation_url(self) -> str:
        return url_for("challenges_staff.welsh", reference=self.reference)


class ChallengeDraft(db.Model):
    """An expression of interest being written. The browser holds a secret
    whose digest finds the draft; save-and-return emails the same secret."""

    __tablename__ = "challenge_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    locale: Mapped[str] = mapped_column(String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    documents: Mapped[list[ChallengeDocument]] = relationship(
        back_populates="draft", lazy="selectin", order_by="ChallengeDocument.id"
    )


class ChallengeDocument(db.Model):
    """A supporting document, kept in the database so every host sees it."""

    __tablename__ = "challenge_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_draft.id", ondelete="CASCADE"), index=True
    )
    eoi_id: Mapped[int | None] = mapped_column(ForeignKey("challenge_eoi.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[ChallengeDraft | None] = relationship(back_populates="documents")
    eoi: Mapped[ExpressionOfInterest | None] = relationship(back_populates="documents")
