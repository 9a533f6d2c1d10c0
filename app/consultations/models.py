"""A consultation, its questions, and the responses people give to it.

Answers point at a question, whichever version (adult or young people's)
they came through, so both can be read together. Nothing that could
identify a young person (name, contact, IP address) has a column here.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
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
    select,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship

from app.core.bilingual import Bilingual, Words, in_language
from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea

FORTHCOMING, OPEN, CLOSED, DRAFT = "forthcoming", "open", "closed", "draft"


class Consultation(Bilingual, db.Model):
    __tablename__ = "consultation"
    __bilingual__ = (
        "title",
        "summary",
        "background_html",
        "young_people_intro",
        "outcome_asked",
        "outcome_said",
        "outcome_did",
        "outcome_next",
        "outcome_young_summary",
    )
    # The fields staff write on the outcome page rather than the consultation's.
    OUTCOME_FIELDS = (
        "outcome_asked",
        "outcome_said",
        "outcome_did",
        "outcome_next",
        "outcome_young_summary",
    )
    __table_args__ = (
        Index("ix_consultation_published_dates", "published", "opens_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary: Mapped[str] = mapped_column(String(600))
    summary_cy: Mapped[str] = mapped_column(String(600), default="", server_default="")
    background_html: Mapped[str] = mapped_column(Text, default="")
    background_html_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
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
    young_people_intro_cy: Mapped[str] = mapped_column(String(600), default="", server_default="")
    # Slugs of the forward-plan items this consultation informs.
    plan_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lower-cased words of the title and summary, for the public search box.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "We asked, you said, we did", published after closing.
    outcome_asked: Mapped[str] = mapped_column(Text, default="")
    outcome_asked_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_said: Mapped[str] = mapped_column(Text, default="")
    outcome_said_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_did: Mapped[str] = mapped_column(Text, default="")
    outcome_did_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_next: Mapped[str] = mapped_column(Text, default="")
    outcome_next_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_young_summary: Mapped[str] = mapped_column(Text, default="")
    outcome_young_summary_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
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

    def is_asked(self, question: ConsultationQuestion, answers: dict) -> bool:
        """Is the question asked, given the answers so far? A question with a
        condition is asked only when its earlier question was asked and
        answered with the chosen option."""
        by_id = {q.id: q for q in self.questions}
        seen: set[int] = set()
        while question.show_if_id is not None:
            controlling = by_id.get(question.show_if_id)
            if controlling is None or controlling.id in seen:
                return True  # a condition on a question no longer there
            seen.add(controlling.id)
            if answers.get(str(controlling.id)) != question.show_if_answer:
                return False
            question = controlling
        return True

    def asked(self, questions, answers: dict) -> list[ConsultationQuestion]:
        return [q for q in questions if self.is_asked(q, answers)]

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"

    # For the translator's page (app/admin/translations.py).
    __translation_kind__ = _l("Consultations")

    @property
    def translation_label(self) -> str:
        return self.title

    @property
    def translation_url(self) -> str:
        return self.translation_edit_url()

    def translation_edit_url(self, field: str | None = None) -> str:
        """The staff page where the field (any, by default) is written;
        the outcome's words are written on the outcome page."""
        from flask import url_for

        endpoint = "outcome" if field in self.OUTCOME_FIELDS else "edit"
        return url_for(f"consultations_admin.{endpoint}", consultation_id=self.id)


def option_entry(option) -> dict:
    """One option as {"key", "en", "cy"}. Options written before options had
    Welsh were plain English strings, which answers hold as their key."""
    if isinstance(option, dict):
        english = str(option.get("en") or option.get("key") or "")
        return {
            "key": str(option.get("key") or english),
            "en": english,
            "cy": str(option.get("cy") or ""),
        }
    return {"key": str(option), "en": str(option), "cy": ""}


class ConsultationQuestion(Bilingual, db.Model):
    __tablename__ = "consultation_question"
    __bilingual__ = ("text", "help_text", "young_text", "young_help_text")

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    text_cy: Mapped[str] = mapped_column(String(500), default="", server_default="")
    help_text: Mapped[str] = mapped_column(String(1000), default="")
    help_text_cy: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Options as {"key", "en", "cy"}: answers hold the key, which never
    # changes once anyone has answered, so Welsh and English answers to the
    # same option count together. See `options`.
    choices: Mapped[list] = mapped_column(JSON, default=list)
    # True while an option has English and no Welsh: the JSON cannot be
    # searched in SQL, so the translator's list reads this.
    options_need_welsh: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    max_length: Mapped[int | None] = mapped_column(Integer)
    # The same question in plain words for the young people's version.
    young_text: Mapped[str] = mapped_column(String(500), default="")
    young_text_cy: Mapped[str] = mapped_column(String(500), default="", server_default="")
    young_help_text: Mapped[str] = mapped_column(String(1000), default="")
    young_help_text_cy: Mapped[str] = mapped_column(String(1000), default="", server_default="")

    # Simple routing: asked only when the earlier single-choice question
    # `show_if_id` was answered with the option key `show_if_answer`.
    show_if_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_question.id", ondelete="SET NULL")
    )
    show_if_answer: Mapped[str | None] = mapped_column(String(200))

    consultation: Mapped[Consultation] = relationship(back_populates="questions")

    def shown(self, base: str, young: bool, language: str | None = None) -> Words:
        """The question's words ("text") or help ("help_text") for the reader:
        the young people's version prefers its own plain words, and a Welsh
        reader prefers any Welsh to English (marked lang="en")."""
        from app.core.i18n import current_language

        language = language or current_language()
        young_field = f"young_{base}"
        english = (getattr(self, young_field) if young else "") or getattr(self, base)
        if language == "cy":
            for field in ([young_field] if young else []) + [base]:
                welsh = getattr(self, f"{field}_cy")
                if (welsh or "").strip():
                    return Words(welsh, None)
            return Words(english or "", "en" if (english or "").strip() else None)
        return Words(english or "", None)

    def wording(self, young: bool, language: str | None = "en") -> str:
        return self.shown("text", young, language).text

    def help_for(self, young: bool, language: str | None = "en") -> str:
        return self.shown("help_text", young, language).text

    @property
    def options(self) -> list[dict]:
        return [option_entry(option) for option in self.choices or []]

    def option_label(self, key: str, language: str | None = "en") -> str:
        for option in self.options:
            if option["key"] == key:
                return in_language(option["en"], option["cy"], language)
        return str(key)

    def option_falls_back(self, key: str) -> bool:
        """True when a Welsh reader is shown this option in English."""
        from app.core.bilingual import falls_back

        return any(falls_back(o["en"], o["cy"]) for o in self.options if o["key"] == key)

    @property
    def welsh_missing(self) -> list[str]:
        missing = super().welsh_missing
        if any(o["en"].strip() and not o["cy"].strip() for o in self.options):
            missing.append("choices")
        return missing

    @classmethod
    def needs_welsh(cls):
        from sqlalchemy import or_

        return or_(super().needs_welsh(), cls.options_need_welsh.is_(True))

    __translation_kind__ = _l("Consultation questions")

    @classmethod
    def translation_select(cls):
        # A question lies in its consultation's area; the label needs its title.
        return (
            select(cls).join(Consultation).options(contains_eager(cls.consultation)),
            Consultation.service_area_id,
        )

    @property
    def translation_label(self) -> str:
        return f"{self.consultation.title}: {self.text}"

    @property
    def translation_url(self) -> str:
        return self.translation_edit_url()

    def translation_edit_url(self, field: str | None = None) -> str:
        from flask import url_for

        return url_for(
            "consultations_admin.edit_question",
            consultation_id=self.consultation_id,
            question_id=self.id,
        )


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


class ConsultationDocument(Bilingual, db.Model):
    """A document staff attach to a consultation. Kept in the database so
    every portal process behind the load balancer can serve it."""

    __tablename__ = "consultation_document"
    __bilingual__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    title_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    filename: Mapped[str] = mapped_column(String(200))
    # "pdf", "odt" or "docx", decided from the content, never the name.
    file_type: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __translation_kind__ = _l("Consultation documents")

    @classmethod
    def translation_select(cls):
        return select(cls).join(Consultation), Consultation.service_area_id

    @property
    def translation_label(self) -> str:
        return self.title

    @property
    def translation_url(self) -> str:
        return self.translation_edit_url()

    def translation_edit_url(self, field: str | None = None) -> str:
        from flask import url_for

        return url_for(
            "consultations_admin.edit_document",
            consultation_id=self.consultation_id,
            document_id=self.id,
        )
