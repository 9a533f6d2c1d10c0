"""Staff-written text in English and Welsh.

A model whose words staff write mixes in `Bilingual` and names its English
fields in `__bilingual__`; each has a Welsh twin named `<field>_cy`. Staff
may leave the Welsh for later: a Welsh reader is then shown the English,
marked `lang="en"` so screen readers switch voice, with a short Welsh note.

The two timestamps let the translator's page tell missing Welsh from Welsh
written before the English last changed ("out of date").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from markupsafe import Markup
from sqlalchemy import and_, event, false, inspect, or_
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.core.i18n import current_language


class Bilingual:
    __bilingual__: ClassVar[tuple[str, ...]] = ()

    # When any English field last changed, and when any Welsh field last did.
    english_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    welsh_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def welsh_missing(self) -> list[str]:
        """English fields with words in them and no Welsh yet."""
        return [
            name
            for name in self.__bilingual__
            if falls_back(getattr(self, name), getattr(self, f"{name}_cy"), "cy")
        ]

    @property
    def welsh_out_of_date(self) -> bool:
        """Welsh exists but was written before the English last changed."""
        if self.english_changed_at is None or self.welsh_changed_at is None:
            return False
        return self.welsh_changed_at < self.english_changed_at

    @property
    def welsh_state(self) -> str:
        """ "missing", "out_of_date" or "done", for the translator's page."""
        if self.welsh_missing:
            return "missing"
        if self.welsh_out_of_date:
            return "out_of_date"
        return "done"

    @classmethod
    def needs_welsh(cls):
        """SQL: rows with a Welsh field missing or Welsh older than the English."""
        missing = []
        for name in cls.__bilingual__:
            welsh = getattr(cls, f"{name}_cy")
            missing.append(and_(getattr(cls, name) != "", or_(welsh.is_(None), welsh == "")))
        stale = and_(
            cls.english_changed_at.is_not(None),
            cls.welsh_changed_at.is_not(None),
            cls.welsh_changed_at < cls.english_changed_at,
        )
        return or_(stale, *missing) if missing else false()


def in_language(english: str | None, welsh: str | None, language: str | None = None) -> str:
    """The words for `language` (the reader's by default), English where
    there is no Welsh yet."""
    language = language or current_language()
    if language == "cy" and (welsh or "").strip():
        return welsh or ""
    return english or ""


def falls_back(english: str | None, welsh: str | None, language: str | None = None) -> bool:
    """True when a Welsh reader would be shown the English."""
    language = language or current_language()
    return language == "cy" and bool((english or "").strip()) and not (welsh or "").strip()


@dataclass(frozen=True)
class Words:
    """One field's words for the reader, and the `lang` to mark them with."""

    text: str
    lang: str | None

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return str(Markup.escape(self.text))

    @property
    def lang_attr(self) -> Markup:
        """` lang="en"` when the Welsh reader is shown English, else nothing."""
        return Markup(' lang="en"') if self.lang else Markup("")


def words(obj: Bilingual, field: str, language: str | None = None) -> Words:
    english = getattr(obj, field)
    welsh = getattr(obj, f"{field}_cy", "")
    return Words(
        in_language(english, welsh, language),
        "en" if falls_back(english, welsh, language) else None,
    )


def any_falls_back(obj: Bilingual, *fields: str) -> bool:
    """For the page's one Welsh note: is any of these shown in English?"""
    fields = fields or obj.__bilingual__
    return any(falls_back(getattr(obj, f), getattr(obj, f"{f}_cy", "")) for f in fields)


def _changed(state, names) -> bool:
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_flush")
def _stamp_language_changes(session: Session, _context, _instances) -> None:
    now = utcnow()
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Bilingual) or not obj.__bilingual__:
            continue
        english = obj.__bilingual__
        welsh = tuple(f"{name}_cy" for name in english)
        if obj in session.new:
            obj.english_changed_at = obj.english_changed_at or now
            if any((getattr(obj, name) or "").strip() for name in welsh):
                obj.welsh_changed_at = obj.welsh_changed_at or now
            continue
        state = inspect(obj)
        if _changed(state, english):
            obj.english_changed_at = now
        if _changed(state, welsh):
            obj.welsh_changed_at = now


def register_templates(app) -> None:
    app.add_template_global(words, "words")
    app.add_template_global(any_falls_back, "welsh_falls_back")
    app.add_template_global(in_language, "in_language")
    app.add_template_global(falls_back, "falls_back")
