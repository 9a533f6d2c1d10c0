"""Answering a form page: 400 when the form is shown again with errors."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm


def render_form(template: str, form: FlaskForm | None, *, failed: bool = False, **context):
    """Render `template` with `form`; the status is 400 if the form has errors
    (or the caller found a problem the form does not hold), else 200.

    Screen readers and tests alike learn from the status that the page is the
    same form again, not the next step.
    """
    status = 400 if failed or (form is not None and form.errors) else 200
    return render_template(template, form=form, **context), status


def save_changes(session, changed) -> None:
    """After an edit form: keep the changes and say so, or say nothing changed.

    `changed` is what the service returned (its list of changes, or a flag)."""
    if changed:
        session.commit()
        flash(_("Changes saved."), "success")
    else:
        flash(_("Nothing was changed."), "info")
