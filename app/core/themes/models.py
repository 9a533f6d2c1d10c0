"""Stored suggestions: one run per question each time the answers are themed,
and the themes it proposed with what staff decided about each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, db, utcnow

# A run's life.
PENDING, RUNNING, READY, FAILED = "pending", "running", "ready", "failed"
# A theme's.
PROPOSED, ACCEPTED, DISCARDED, MERGED = "proposed", "accepted", "discarded", "merged"


class ThemeSuggestionRun(db.Model):
    """The themes found in one question's answers at one moment."""

    __tablename__ = "theme_suggestion_run"
    __table_args__ = (Index("ix_theme_suggestion_run_question", "source", "question_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Which capability's question ("consultation", "survey"), and its id there.
    source: Mapped[str] = mapped_column(String(20))
    question_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    # How many answers there were when the run was asked for, and how many it read.
    requested_count: Mapped[int] = mapped_column(Integer, default=0)
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds: Mapped[float | None] = mapped_column(Float)

    themes: Mapped[list[SuggestedTheme]] = relationship(
        back_populates="run",
        order_by="SuggestedTheme.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class SuggestedTheme(db.Model):
    __tablename__ = "suggested_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("theme_suggestion_run.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Starts as its top words; staff rename it before or as they accept it.
    name: Mapped[str] = mapped_column(String(60))
    words: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Answer ids, most typical first.
    typical: Mapped[list[int]] = mapped_column(JSON, default=list)
    # {"ids": [answer id, ...], "shares": [0.1 to 1, ...]}: each answer's share
    # in this theme, kept from 0.1 up.
    loadings: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=PROPOSED)
    threshold: Mapped[float | None] = mapped_column(Float)
    tagged_count: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggested_theme.id", ondelete="SET NULL")
    )

    run: Mapped[ThemeSuggestionRun] = relationship(back_populates="themes")

    def answer_shares(self) -> dict[int, float]:
        loadings = self.loadings or {}
        return dict(zip(loadings.get("ids", []), loadings.get("shares", []), strict=False))

    def count_at(self, threshold: float, only: set[int] | None = None) -> int:
        return sum(
            1
            for answer_id, share in self.answer_shares().items()
            if share >= threshold - 1e-9 and (only is None or answer_id in only)
        )
