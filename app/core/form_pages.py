"""Answering a form page: 400 when the form is shown again with errors."""

from __future__ import annotations

from flask import render_template
from flask_wtf import FlaskForm


def render_form(template: str, form: FlaskForm | None, *, failed: bool = False, **context):
    """Render `template` with `form`; the status is 400 if the form has errors
    (or the caller found a problem the form does not hold), else 200.

    Screen readers and tests alike learn from the status that the page is the
    same form again, not the next step.
    """
    status = 400 if failed or (form is not None and form.errors) else 200
    return render_template(template, form=form, **context), status
