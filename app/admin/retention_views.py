"""/admin/retention: administrators choose how long each kind of record is kept.

The periods are shown in the privacy notice at once; each change is audited
with the reason the administrator gives (see app.core.retention_policy).
"""

from __future__ import annotations

from flask import redirect, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form, save_changes
from app.core.forms import (
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    PortalForm,
    WholeNumberField,
)
from app.core.retention import recent_runs
from app.core.retention_policy import (
    ACTION_LABELS,
    KINDS,
    MAX_AMOUNT,
    UNIT_LABELS,
    UNITS,
    Period,
    describe,
    policy,
    set_periods,
)


def _how_long(label) -> LazyString:
    return LazyString(lambda: _("the number for %(kind)s", kind=label))


class RetentionForm(PortalForm):
    reason = GovukTextareaField(
        _l("Why are you making this change?"),
        [DataRequired(), Length(max=500)],
        thing=_l("why you are making this change"),
        description=_l("This is kept in the audit log, for the data protection officer."),
    )
    submit = GovukSubmitButton(_l("Save changes"))


# One number and one unit per kind, added to the form once at import.
for _code, _kind in KINDS.items():
    setattr(
        RetentionForm,
        f"{_code}_amount",
        WholeNumberField(
            _l("Number"),
            [InputRequired(), NumberRange(min=1, max=MAX_AMOUNT)],
            thing=_how_long(_kind.label),
        ),
    )
    setattr(
        RetentionForm,
        f"{_code}_unit",
        # No "required" validator: the choice check refuses a missing unit, and
        # a required select would need an empty first option.
        GovukSelectField(
            _l("Days, months or years"),
            choices=[(unit, UNIT_LABELS[unit]) for unit in UNITS],
        ),
    )


def _fill(form: RetentionForm, current: dict[str, Period]) -> None:
    for code, period in current.items():
        form[f"{code}_amount"].data = period.amount
        form[f"{code}_unit"].data = period.unit


@bp.route("/retention", methods=["GET", "POST"])
def retention():
    current = policy(db.session)
    form = RetentionForm()
    if form.validate_on_submit():
        changed = set_periods(
            db.session,
            {
                code: Period(form[f"{code}_amount"].data, form[f"{code}_unit"].data)
                for code in KINDS
            },
            reason=form.reason.data,
        )
        save_changes(db.session, changed)
        return redirect(url_for(".retention"))
    if not form.is_submitted():
        _fill(form, current)
    return render_form(
        "admin/retention.html",
        form,
        kinds=KINDS,
        action_labels=ACTION_LABELS,
        described={code: describe(db.session, code) for code in KINDS},
        runs=recent_runs(db.session),
    )
