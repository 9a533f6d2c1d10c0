"""A consultation, its questions, and the responses people give to it.

Answers point at a question, whichever version (adult or young people's)
they came through, so both can be read together. Nothing that could
identify a young person (name, contact, IP address) has a column here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea

FORTHCOMING, OPEN, CLOSED, DRAFT = "forthcoming", "open", "closed", "draft"


class Consultation(db.Model):
    __tablename__ = "consultation"
    __table_args__ = (
        Index("ix_consultation_published_dates", "published", "opens_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    background_html: Mapped[str] = mapped_column(Text, default="")
    service_area_id: Mapped[int] = mapped_column(ForeignKey("service_area.id"), index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Drafts are never public, whatever their dates.
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    postal_address: Mapped[str] = mapped_column(String(400), default="")
    young_people_version: Mapped[bool] = mapped_column(Boolean, default=False)
    young_people_intro: Mapped[str] = mapped_column(String(600), default="")
    # Slugs of the forward-plan items this consultation informs.
    plan_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lower-cased words of the title and summary, for the public search box.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "We asked, you said, we did", published after closing.
    outcome_asked: Mapped[str] = mapped_column(Text, default="")
    outcome_said: Mapped[str] = mapped_column(Text, default="")
    outcome_did: Mapped[str] = mapped_column(Text, default="")
    outcome_next: Mapped[str] = mapped_column(Text, default="")
    outcome_young_summary: Mapped[str] = mapped_column(Text, default="")
    outcome_response_count: Mapped[int | None] = mapped_column(Integer)
    outcome_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service_area: Mapped[ServiceArea] = relationship(lazy="joined", innerjoin=True)
    # Loaded only where shown: responding never needs them.
    documents: Mapped[list[ConsultationDocument]] = relationship(
        order_by="ConsultationDocument.id", cascade="all, delete-orphan", lazy="select"
    )
    questions: Mapped[list[ConsultationQuestion]] = relationship(
        back_populates="consultation",
        order_by="(ConsultationQuestion.page, ConsultationQuestion.position)",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def status_at(self, now: datetime) -> str:
        if not self.published:
            return DRAFT
        if now < self.opens_at:
            return FORTHCOMING
        if now < self.closes_at:
            return OPEN
        return CLOSED

    @property
    def status(self) -> str:
        return self.status_at(utcnow())

    def pages(self, young: bool = False) -> list[list[ConsultationQuestion]]:
        """Questions grouped into the pages a respondent sees, in order.

        The young people's version asks one question a page."""
        if young:
            return [[q] for q in self.questions]
        grouped: dict[int, list[ConsultationQuestion]] = {}
        for question in self.questions:
            grouped.setdefault(question.page, []).append(question)
        return [grouped[number] for number in sorted(grouped)]

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"


class ConsultationQuestion(db.Model):
    __tablename__ = "consultation_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(String(1000), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_length: Mapped[int | None] = mapped_column(Integer)
    # The same question in plain words for the young people's version.
    young_text: Mapped[str] = mapped_column(String(500), default="")
    young_help_text: Mapped[str] = mapped_column(String(1000), default="")

    consultation: Mapped[Consultation] = relationship(back_populates="questions")

    def wording(self, young: bool) -> str:
        return (self.young_text or self.text) if young else self.text

    def help_for(self, young: bool) -> str:
        return (self.young_help_text or self.help_text) if young else self.help_text


class ConsultationResponse(db.Model):
    __tablename__ = "consultation_response"
    __table_args__ = (
        Index("ix_consultation_response_submitted", "consultation_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    inbox_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbox_item.id", ondelete="SET NULL"), index=True
    )
    # "adult" or "young_people"
    version: Mapped[str] = mapped_column(String(20))
    # "individual", "organisation", or None for a young person
    respondent_type: Mapped[str | None] = mapped_column(String(20))
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    age_band: Mapped[str | None] = mapped_column(String(10))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The token the check-answers form carries: a second click on submit
    # finds the response the first one made instead of making another.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the respondent's details and free-text answers were taken out
    # (retention or erasure); the choices stay for the figures.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answers: Mapped[list[ConsultationAnswer]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class ConsultationAnswer(db.Model):
    __tablename__ = "consultation_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index, led by response_id, serves lookups by response.
    response_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_response.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("consultation_question.id"), index=True)
    # A string for text, a choice or a scale point; a list for multiple choice or ranking.
    value: Mapped[object] = mapped_column(JSON)


class ResponseDraft(db.Model):
    """Answers on their way through the form, kept on the server because they
    outgrow a cookie. Never a response: it is deleted when the response is
    made, and expired ones are swept."""

    __tablename__ = "consultation_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token in the respondent's cookie and in the emailed
    # "come back later" link: a read of the database resumes nobody's answers.
    token_hash: Mapped[str] = mapped_column("token", String(64), unique=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SafeguardingPhrase(db.Model):
    """A word or phrase that may mean a respondent is at risk. Staff keep the
    list; free-text answers are screened against it."""

    __tablename__ = "safeguarding_phrase"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EqualityMonitoring(db.Model):
    """Equality answers, kept apart from responses on purpose: no response
    id, reference or time, so they cannot be joined back to a person's
    answers. They are only ever shown or exported as counts."""

    __tablename__ = "consultation_equality"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    age_band: Mapped[str | None] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(20))
    gender_identity: Mapped[str | None] = mapped_column(String(20))
    disability: Mapped[str | None] = mapped_column(String(20))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    religion: Mapped[str | None] = mapped_column(String(20))
    sexual_orientation: Mapped[str | None] = mapped_column(String(20))
    carer: Mapped[str | None] = mapped_column(String(20))


class ConsultationDocument(db.Model):
    """A document staff attach to a consultation. Kept in the database so
    every portal process behind the load balancer can serve it."""

    __tablename__ = "consultation_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    # "pdf", "odt" or "docx", decided from the content, never the name.
    file_type: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
