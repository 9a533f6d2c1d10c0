"""/admin/procurement-settings: administrators keep the council's procurement
facts that pipeline notices (Procurement Act 2023 s.93) and the open data
need: its expected annual spend, its GB-PPON identifier, its authority type
and its OCDS ocid prefix. Every change is audited (app.plans.pipeline)."""

from __future__ import annotations

import re

from flask import current_app, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form, save_changes
from app.core.forms import (
    GovukRadiosField,
    GovukSelectField,
    GovukSubmitButton,
    GovukTextInputField,
    PortalForm,
)
from app.plans.pipeline import (
    AUTHORITY_TYPES,
    SPEND_BANDS,
    is_ppon,
    normalise_ppon,
    save_settings,
    settings,
)

# An OCDS ocid prefix as the Open Contracting Partnership registers them: ocds-
# and six letters or digits.
OCID_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")


class ProcurementSettingsForm(PortalForm):
    spend_band = GovukRadiosField(
        _l("How much does the council expect to spend on public contracts this financial year?"),
        [InputRequired()],
        thing=_l("how much the council expects to spend"),
        choices=list(SPEND_BANDS.items()),
        description=_l("More than £100 million means a pipeline notice is due every year."),
    )
    ppon = GovukTextInputField(
        _l("Public Procurement Organisation Number (PPON)"),
        [Optional(), Length(max=20)],
        thing=_l("the PPON"),
        description=_l("From Find a Tender, for example PLLH-1887-BMRL."),
    )
    authority_type = GovukSelectField(
        _l("Type of contracting authority"),
        choices=list(AUTHORITY_TYPES.items()),
    )
    ocid_prefix = GovukTextInputField(
        _l("OCDS ocid prefix"),
        [Optional(), Length(max=40)],
        thing=_l("the ocid prefix"),
        description=_l(
            "Registered with the Open Contracting Partnership, for example ocds-elmsw1. "
            "Leave blank to keep the prefix set when the portal was installed."
        ),
    )
    submit = GovukSubmitButton(_l("Save changes"))

    def validate_ppon(self, field) -> None:
        if field.data and not is_ppon(field.data):
            raise ValidationError(_("Enter a PPON in the right format, like PLLH-1887-BMRL"))

    def validate_ocid_prefix(self, field) -> None:
        if field.data and not OCID_PREFIX.fullmatch(field.data.strip().lower()):
            raise ValidationError(_("Enter an ocid prefix in the right format, like ocds-elmsw1"))

    def to_data(self) -> dict:
        return {
            "spend_band": self.spend_band.data,
            "ppon": normalise_ppon(self.ppon.data) or None,
            "authority_type": self.authority_type.data,
            "ocid_prefix": (self.ocid_prefix.data or "").strip().lower() or None,
        }


@bp.route("/procurement-settings", methods=["GET", "POST"])
def procurement_settings():
    current = settings(db.session)
    form = ProcurementSettingsForm()
    if form.validate_on_submit():
        save_changes(db.session, save_settings(db.session, form.to_data()))
        return redirect(url_for(".procurement_settings"))
    if not form.is_submitted():
        form.spend_band.data = current.spend_band
        form.ppon.data = current.ppon
        form.authority_type.data = current.authority_type or "publicAuthoritySubCentralGovernment"
        form.ocid_prefix.data = current.ocid_prefix
    return render_form(
        "admin/procurement_settings.html",
        form,
        default_prefix=current_app.config["OCDS_OCID_PREFIX"],
    )
