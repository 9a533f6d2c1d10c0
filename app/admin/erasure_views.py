"""/admin/subject-access/erasure: decide a request to erase or correct one
person's data, from the subject access search result.

Erasure goes through `app.core.erasure` (every record and every copy);
a refusal (the council's public task still needs the data) is recorded
with its reason just the same. The audit log keeps the decision and the
references, never the person's details."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin import bp
from app.core.db import db
from app.core.erasure import correct_email, erase, plan, refuse
from app.core.form_pages import render_form
from app.core.forms import (
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
)
from app.core.personal_data import NeedleError, parse_needle

ERASE, CORRECT, REFUSE = "erase", "correct", "refuse"


class ErasureForm(PortalForm):
    decision = GovukRadiosField(
        _l("What have you decided?"),
        choices=[
            (ERASE, _l("Erase their data everywhere")),
            (CORRECT, _l("Correct their email address")),
            (REFUSE, _l("Refuse the request: the council still needs the data")),
        ],
        validators=[DataRequired(_l("Select what you have decided"))],
    )
    # Checked only when correcting, so not an email field (which always checks).
    new_email = GovukTextInputField(
        _l("Correct email address"),
        description=_l("Only if you are correcting their email address"),
    )
    reason = GovukTextareaField(
        _l("Reasons for the decision"),
        [DataRequired(_l("Enter the reasons for the decision")), Length(max=1000)],
        thing=_l("the reasons for the decision"),
        description=_l(
            "Kept in the audit log for the data protection officer; "
            "do not write the person’s details here."
        ),
    )
    submit = GovukSubmitButton(_l("Record the decision"))

    def validate_new_email(self, field) -> None:
        if self.decision.data != CORRECT:
            return
        try:
            needle = parse_needle(field.data)
        except NeedleError as error:
            raise ValidationError(_l("Enter the correct email address")) from error
        if needle.email is None:
            raise ValidationError(_l("Enter the correct email address"))
        field.data = needle.text


def _needle():
    try:
        needle = parse_needle(request.args.get("q"))
    except NeedleError:
        abort(404)
    if needle.email is None:
        abort(404)
    return needle


@bp.route("/subject-access/erasure", methods=["GET", "POST"])
def erasure():
    needle = _needle()
    form = ErasureForm()
    found = plan(db.session, needle)
    if form.validate_on_submit():
        reason = form.reason.data.strip()
        if form.decision.data == ERASE:
            done = erase(db.session, needle, reason=reason, actor=current_user)
            message = _("Erased from %(count)d records and every copy.", count=len(done.due))
        elif form.decision.data == CORRECT:
            changed = correct_email(
                db.session, needle, form.new_email.data, reason=reason, actor=current_user
            )
            message = _("Email address corrected in %(count)d records.", count=changed)
        else:
            refuse(db.session, reason=reason, references=found.references, actor=current_user)
            message = _("The refusal and its reasons are recorded.")
        db.session.commit()
        flash(message, "success")
        return redirect(url_for(".subject_access", q=needle.text))
    return render_form("admin/erasure.html", form, needle=needle, found=found)
