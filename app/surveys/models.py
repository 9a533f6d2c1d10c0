"""Survey waves, their questions, invitations and the responses to them.

Every wave holds its own copy of its questions, words and all, so a wave's
results always read against what was actually asked. Core questions carry a
stable `code`: the trend of a core question follows that code across waves,
and a change of wording shows as the text differing from the wave before.

Answers are stored one row per chosen option (or one row holding the text
or number), so breakdowns are plain GROUP BY counts in the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow

# A wave's life: staff confirm a proposed wave; its dates then decide the rest.
PROPOSED, SCHEDULED, OPEN, CLOSED = "proposed", "scheduled", "open", "closed"

# Question kinds.
SINGLE, MULTIPLE, SCALE, TEXT = "single", "multiple", "scale", "text"

# Response states.
IN_PROGRESS, SUBMITTED = "in_progress", "submitted"


class SurveyWave(db.Model):
    """One six-monthly round of the third-sector survey."""

    __tablename__ = "survey_wave"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    title_cy: Mapped[str] = mapped_column(String(120), default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Proposed waves are suggestions: nothing is sent until staff confirm one.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    invitations_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "You said, we did", written by staff after the wave closes.
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="wave",
        order_by="SurveyQuestion.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def status_at(self, now: datetime) -> str:
        if not self.confirmed:
            return PROPOSED
        if now < self.opens_at:
            return SCHEDULED
        if now < self.closes_at:
            return OPEN
        return CLOSED

    @property
    def status(self) -> str:
        return self.status_at(utcnow())

    def __repr__(self) -> str:
        return f"<SurveyWave {self.slug}>"


class SurveyQuestion(db.Model):
    """A question as one wave asked it, in English and Welsh."""

    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("wave_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"))
    # Stable across waves for core questions ("bid_barriers"); wave-specific
    # questions get a code of their own that no other wave shares.
    code: Mapped[str] = mapped_column(String(40))
    core: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    text_cy: Mapped[str] = mapped_column(String(500), default="")
    help_text: Mapped[str] = mapped_column(String(1000), default="")
    help_text_cy: Mapped[str] = mapped_column(String(1000), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"key": "weekly", "en": "Every week", "cy": "Bob wythnos"}, ...]; the
    # keys, not the words, are what answers store and trends compare.
    choices: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Asked only when another question was answered one of certain ways:
    # {"code": "bid", "keys": ["no", "considered"]}.
    show_if: Mapped[dict | None] = mapped_column(JSON)
    max_length: Mapped[int | None] = mapped_column(Integer)

    wave: Mapped[SurveyWave] = relationship(back_populates="questions")

    def __repr__(self) -> str:
        return f"<SurveyQuestion {self.wave_id}:{self.code}>"


class SurveyInvitation(db.Model):
    """A registered VCS organisation's personal link to one wave.

    Only a hash of the token is kept. The link resumes a response in
    progress until the response is sent; after that it only says thank you."""

    __tablename__ = "survey_invitation"
    __table_args__ = (UniqueConstraint("wave_id", "supplier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"))
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The reminder carries a link of its own (the first token is not kept),
    # and either link works until the wave closes.
    reminder_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    wave: Mapped[SurveyWave] = relationship()

    def __repr__(self) -> str:
        return f"<SurveyInvitation {self.wave_id}:{self.supplier_id}>"


class SurveyOptOut(db.Model):
    """An organisation that asked not to be invited again."""

    __tablename__ = "survey_opt_out"

    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(db.Model):
    """One organisation's answers to one wave.

    Invited organisations are held to one response a wave by the unique
    (wave, supplier). Organisation type and income band are copied here
    from the answers when the response is sent, because every results
    filter uses them."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("wave_id", "supplier_id"),
        Index("ix_survey_response_wave_state", "wave_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("survey_wave.id", ondelete="CASCADE"))
    # Null for groups answering through the open link.
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("supplier.id", ondelete="SET NULL"))
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitation.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default=IN_PROGRESS)
    # What an unregistered group tells us about itself.
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # Staff see who answered only when the organisation agreed to it.
    may_identify: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hash of the "finish later" token for open-link responses.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    org_type: Mapped[str | None] = mapped_column(String(40))
    income_band: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    inbox_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbox_item.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    wave: Mapped[SurveyWave] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", lazy="select"
    )

    def __repr__(self) -> str:
        return f"<SurveyResponse {self.id} wave={self.wave_id} {self.state}>"


class SurveyAnswer(db.Model):
    """One chosen option, one rating or one piece of text."""

    __tablename__ = "survey_answer"
    __table_args__ = (Index("ix_survey_answer_question_choice", "question_id", "choice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    choice: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    # Theme tags staff give a piece of free text, as in the inbox.
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()
