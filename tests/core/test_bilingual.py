"""Staff-written words: Welsh where it exists, English marked lang="en" where not."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import force_locale

from app.core.bilingual import any_falls_back, falls_back, in_language, words


def test_welsh_reader_gets_welsh_when_written(app):
    with app.test_request_context(), force_locale("cy"):
        assert in_language("Consultations", "Ymgynghoriadau") == "Ymgynghoriadau"
        assert not falls_back("Consultations", "Ymgynghoriadau")


def test_welsh_reader_gets_english_marked_when_welsh_missing_or_blank(app):
    item = SimpleNamespace(title="Day centres", title_cy="  ", summary="", summary_cy="")
    with app.test_request_context(), force_locale("cy"):
        shown = words(item, "title")
        assert shown.text == "Day centres"
        assert shown.lang == "en"
        assert str(shown.lang_attr) == ' lang="en"'
        # An empty English field needs no Welsh, so it is not a fallback.
        assert not falls_back(item.summary, item.summary_cy)
        assert any_falls_back(item, "title", "summary")
        assert not any_falls_back(item, "summary")


def test_english_reader_never_sees_welsh_nor_a_lang_mark(app):
    item = SimpleNamespace(title="Day centres", title_cy="Canolfannau dydd")
    with app.test_request_context(), force_locale("en"):
        shown = words(item, "title")
        assert (shown.text, shown.lang) == ("Day centres", None)
        assert str(shown.lang_attr) == ""


def test_explicit_language_wins_for_emails(app):
    with app.test_request_context(), force_locale("en"):
        assert in_language("Booked", "Wedi archebu", "cy") == "Wedi archebu"


def test_words_escape_markup(app):
    item = SimpleNamespace(title="<b>x</b>", title_cy="")
    with app.test_request_context(), force_locale("en"):
        assert words(item, "title").__html__() == "&lt;b&gt;x&lt;/b&gt;"


def test_macro_wraps_english_for_welsh_reader(app):
    item = SimpleNamespace(title="Day centres", title_cy="", __bilingual__=("title",))
    source = (
        "{% from 'macros/bilingual.html' import text, welsh_note %}"
        "<h1>{{ text(item, 'title') }}</h1>{{ welsh_note(item) }}"
    )
    with app.test_request_context(), force_locale("cy"):
        html = app.jinja_env.from_string(source).render(item=item)
    assert '<h1><span lang="en">Day centres</span></h1>' in html
    assert "app-welsh-note" in html
    item.title_cy = "Canolfannau dydd"
    with app.test_request_context(), force_locale("cy"):
        html = app.jinja_env.from_string(source).render(item=item)
    assert "<h1>Canolfannau dydd</h1>" in html
    assert "app-welsh-note" not in html
