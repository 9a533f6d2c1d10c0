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


def test_stamps_on_a_real_model_track_which_language_changed_last(session, make_plan):
    from sqlalchemy import select

    from app.plans.models import PlanItem

    item = make_plan()
    # A new row with only English: the English is stamped, the Welsh missing.
    assert item.english_changed_at is not None
    assert item.welsh_changed_at is None
    assert item.welsh_state == "missing"
    assert session.scalar(select(PlanItem.id).where(PlanItem.needs_welsh())) == item.id

    item.title_cy = "Gofal cartref yn ardal y gogledd"
    item.summary_cy = "Gofal a chymorth gartref i oedolion yng ngogledd y fwrdeistref."
    item.description_html_cy = "<p>Byddwn yn prynu gofal cartref.</p>"
    session.commit()
    assert item.welsh_changed_at >= item.english_changed_at
    assert item.welsh_state == "done"
    assert session.scalar(select(PlanItem.id).where(PlanItem.needs_welsh())) is None

    # The English changes afterwards: the Welsh is now out of date.
    english_before = item.english_changed_at
    item.summary = "Care at home for adults across the north of the borough."
    session.commit()
    assert item.english_changed_at > english_before
    assert item.welsh_state == "out_of_date"
    assert session.scalar(select(PlanItem.id).where(PlanItem.needs_welsh())) == item.id

    # The translator catches up: current again.
    item.summary_cy = "Gofal gartref i oedolion ar draws gogledd y fwrdeistref."
    session.commit()
    assert item.welsh_state == "done"
    assert session.scalar(select(PlanItem.id).where(PlanItem.needs_welsh())) is None

    # Both languages changed in one save: the Welsh stays current.
    item.title = "Home care, north"
    item.title_cy = "Gofal cartref, y gogledd"
    session.commit()
    assert item.welsh_state == "done"
    assert session.scalar(select(PlanItem.id).where(PlanItem.needs_welsh())) is None


def test_a_change_that_touches_neither_language_leaves_the_stamps(session, make_plan):
    item = make_plan()
    stamps = (item.english_changed_at, item.welsh_changed_at)
    item.contact_name = "Someone else"
    session.commit()
    assert (item.english_changed_at, item.welsh_changed_at) == stamps


def test_marked_words_for_inside_a_sentence(app):
    item = SimpleNamespace(title="<Day> centres", title_cy="")
    with app.test_request_context(), force_locale("cy"):
        assert str(words(item, "title").marked) == '<span lang="en">&lt;Day&gt; centres</span>'
    item.title_cy = "Canolfannau <dydd>"
    with app.test_request_context(), force_locale("cy"):
        assert str(words(item, "title").marked) == "Canolfannau &lt;dydd&gt;"
