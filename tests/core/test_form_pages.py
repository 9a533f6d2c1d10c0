"""A form page shown again with errors answers 400, through one helper."""

from __future__ import annotations

import re
from pathlib import Path

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired

from app.core import form_pages

APP = Path(__file__).resolve().parents[2] / "app"


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[InputRequired("Enter a name")])


def test_a_form_with_errors_answers_400_and_one_without_200(app, monkeypatch):
    seen = []
    monkeypatch.setattr(
        form_pages, "render_template", lambda template, **context: seen.append(context) or "page"
    )
    with app.test_request_context(method="POST", data={"name": ""}):
        form = NameForm()
        assert form_pages.render_form("any.html", form, title="T") == ("page", 200)
        assert form_pages.render_form("any.html", form, failed=True) == ("page", 400)
        form.validate()
        assert form_pages.render_form("any.html", form) == ("page", 400)
    assert seen[0] == {"form": form, "title": "T"}


def test_no_view_works_out_the_form_status_by_hand():
    by_hand = re.compile(r"400 if (form\.errors|failed)")
    offenders = [
        path.relative_to(APP).as_posix()
        for path in APP.rglob("*.py")
        if path.name != "form_pages.py" and by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "Use app.core.form_pages.render_form"


def test_an_edit_that_changed_something_is_kept_and_said(app, session, make_plan):
    from flask import get_flashed_messages

    from app.plans.models import PlanItem

    item = make_plan(title="Before")
    with app.test_request_context():
        item.title = "After"
        form_pages.save_changes(session, ["title"])
        assert get_flashed_messages(with_categories=True) == [("success", "Changes saved.")]
    session.rollback()  # nothing left to undo: the change was committed
    assert session.get(PlanItem, item.id).title == "After"


def test_an_edit_that_changed_nothing_says_so_and_commits_nothing(app, session, make_plan):
    from flask import get_flashed_messages

    from app.plans.models import PlanItem

    item = make_plan(title="Before")
    with app.test_request_context():
        item.title = "Stray"  # not reported as a change, so never saved
        form_pages.save_changes(session, [])
        assert get_flashed_messages(with_categories=True) == [("info", "Nothing was changed.")]
    session.rollback()
    assert session.get(PlanItem, item.id).title == "Before"
