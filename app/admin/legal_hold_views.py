"""/admin/legal-holds: keep a record from the retention run and erasure
while a claim, complaint or investigation needs it."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form
from app.core.forms import GovukSubmitButton, GovukTextareaField, GovukTextInputField, PortalForm
from app.core.legal_holds import active, is_held, lift, place, recently_lifted
from app.core.models import LegalHold
from app.core.references import normalise_reference
from app.inbox.models import InboxItem


class PlaceHoldForm(PortalForm):
    reference = GovukTextInputField(
        _l("Reference of the record"),
        [DataRequired(_l("Enter the reference of the record to hold"))],
        description=_l("For example, CON-2026-7K3QX9"),
    )
    reason = GovukTextareaField(
        _l("Why must it be kept?"),
        [DataRequired(_l("Enter why the record must be kept")), Length(max=1000)],
        thing=_l("why the record must be kept"),
        description=_l(
            "For example, a claim, a complaint to the regulator, or an investigation. "
            "It is kept in the audit log."
        ),
    )
    submit = GovukSubmitButton(_l("Place a legal hold"))

    def validate_reference(self, field) -> None:
        reference = normalise_reference(field.data or "")
        if reference is None:
            raise ValidationError(
                _l("Enter a reference in the correct format, like CON-2026-7K3QX9")
            )
        found = db.session.scalar(select(InboxItem.id).where(InboxItem.reference == reference))
        if found is None:
            raise ValidationError(_l("There is no record with that reference"))
        if is_held(db.session, reference):
            raise ValidationError(_l("That record is already on legal hold"))
        self.reference_found = reference


class LiftHoldForm(PortalForm):
    reason = GovukTextareaField(
        _l("Why can the hold be lifted?"),
        [DataRequired(_l("Enter why the hold can be lifted")), Length(max=1000)],
        thing=_l("why the hold can be lifted"),
        description=_l(
            "The record will be kept or removed under the retention policy from the next run."
        ),
    )
    submit = GovukSubmitButton(_l("Lift the legal hold"))


def _page(form: PlaceHoldForm):
    return render_form(
        "admin/legal_holds.html",
        form,
        holds=active(db.session),
        lifted=recently_lifted(db.session),
    )


@bp.get("/legal-holds")
def legal_holds():
    return _page(PlaceHoldForm())


@bp.post("/legal-holds")
def place_legal_hold():
    form = PlaceHoldForm()
    if not form.validate_on_submit():
        return _page(form)
    place(db.session, form.reference_found, form.reason.data.strip(), current_user)
    db.session.commit()
    flash(_("%(reference)s is on legal hold.", reference=form.reference_found), "success")
    return redirect(url_for(".legal_holds"))


@bp.route("/legal-holds/<int:hold_id>/lift", methods=["GET", "POST"])
def lift_legal_hold(hold: LegalHold):
    if hold.lifted_at is not None:
        flash(_("That legal hold has already been lifted."), "info")
        return redirect(url_for(".legal_holds"))
    form = LiftHoldForm()
    if form.validate_on_submit():
        lift(db.session, hold, form.reason.data.strip(), current_user)
        db.session.commit()
        flash(_("The legal hold on %(reference)s is lifted.", reference=hold.reference), "success")
        return redirect(url_for(".legal_holds"))
    return render_form("admin/legal_hold_lift.html", form, hold=hold)
