"""The interface's own words in the language a journey runs in, from the
compiled Welsh catalogue, so one journey checks both languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def words_in(language: str) -> Callable[[str], str]:
    """say(msgid) -> the words a reader of `language` sees."""
    if language == "en":
        return lambda message: message
    catalogue = Translations.load(str(TRANSLATIONS), [language])
    return catalogue.gettext


def plural_in(language: str) -> Callable[[str, str, int], str]:
    """ngettext for `language`: the words for a number of things."""
    if language == "en":
        return lambda singular, plural, number: singular if number == 1 else plural
    return Translations.load(str(TRANSLATIONS), [language]).ngettext
