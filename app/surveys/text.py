"""A question's words in the reader's language, falling back to English
where staff wrote a wave-specific question in English only."""

from __future__ import annotations

from app.core.i18n import current_language
from app.surveys.models import SurveyQuestion, SurveyWave


def _pick(english: str, welsh: str) -> str:
    return welsh if current_language() == "cy" and welsh else english


def wave_title(wave: SurveyWave) -> str:
    return _pick(wave.title, wave.title_cy)


def question_text(question: SurveyQuestion) -> str:
    return _pick(question.text, question.text_cy)


def question_help(question: SurveyQuestion) -> str:
    return _pick(question.help_text, question.help_text_cy)


def choice_label(question: SurveyQuestion, key: str) -> str:
    for choice in question.choices:
        if choice["key"] == key:
            return _pick(choice["en"], choice.get("cy", ""))
    return key


def choice_options(question: SurveyQuestion) -> list[tuple[str, str]]:
    return [(c["key"], _pick(c["en"], c.get("cy", ""))) for c in question.choices]
