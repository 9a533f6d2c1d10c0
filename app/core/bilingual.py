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
from sqlalchemy import Select, and_, event, false, inspect, not_, or_, select
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
        return or_(cls.welsh_missing_sql(), cls.welsh_out_of_date_sql())

    @classmethod
    def welsh_missing_sql(cls):
        """SQL: rows with English in a field and no Welsh for it."""
        missing = []
        for name in cls.__bilingual__:
            welsh = getattr(cls, f"{name}_cy")
            missing.append(and_(getattr(cls, name) != "", or_(welsh.is_(None), welsh == "")))
        return or_(*missing) if missing else false()

    @classmethod
    def welsh_out_of_date_sql(cls):
        """SQL: rows whose Welsh was written before the English last changed."""
        return and_(
            cls.english_changed_at.is_not(None),
            cls.welsh_changed_at.is_not(None),
            cls.welsh_changed_at < cls.english_changed_at,
        )

    @classmethod
    def welsh_state_sql(cls, state: str):
        """SQL for one of `welsh_state`'s answers: "missing" wins over "out_of_date"."""
        if state == "missing":
            return cls.welsh_missing_sql()
        if state == "out_of_date":
            return and_(cls.welsh_out_of_date_sql(), not_(cls.welsh_missing_sql()))
        return cls.needs_welsh()

    # -- The translator's page lists every Bilingual model. Each says what
    # its kind is called, what to call one item, where staff edit it, and
    # which column holds its service area (None: it belongs to the whole
    # council, and only staff with no area limit see it there).

    __translation_kind__: ClassVar[str] = ""

    @classmethod
    def translation_select(cls) -> tuple[Select, object | None]:
        """The rows to list (with whatever the labels need loaded in the same
        query) and the service-area column to limit them by."""
        return select(cls), getattr(cls, "service_area_id", None)

    @property
    def translation_label(self) -> str:
        """What the translator's page calls the item: its English, as staff wrote it."""
        return str(getattr(self, self.__bilingual__[0]) or "")

    @property
    def translation_url(self) -> str:
        """The staff page where the item's Welsh is written."""
        raise NotImplementedError


def bilingual_models(registry) -> list[type[Bilingual]]:
    """Every mapped model that mixes in Bilingual, so the translator's page
    picks up a new one the day it is added (`db.Model.registry`)."""
    found = {
        mapper.class_
        for mapper in registry.mappers
        if issubclass(mapper.class_, Bilingual) and mapper.class_.__bilingual__
    }
    return sorted(found, key=lambda model: model.__name__)


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
    def marked(self) -> Markup:
        """The words as HTML, inside `<span lang="en">` when English stands
        in for Welsh: for words set inside a sentence or another's HTML."""
        if self.lang:
            return Markup('<span lang="{}">{}</span>').format(self.lang, self.text)
        return Markup.escape(self.text)

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


def marked(shown: Words) -> Markup | str:
    """Words for a form's label, hint or option: English shown to a Welsh
    reader comes wrapped in <span lang="en">, everything else as it is.
    (Form fields take their label as a string, so the `text()` macro
    cannot reach them.)"""
    if shown.lang:
        return Markup('<span lang="{}">{}</span>').format(shown.lang, shown.text)
    return shown.text


def option_words(english: str | None, welsh: str | None) -> Markup | str:
    """One option of a list whose entries carry "en" and "cy", marked."""
    return marked(Words(in_language(english, welsh), "en" if falls_back(english, welsh) else None))


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
