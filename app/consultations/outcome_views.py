"""Publishing a consultation's outcome after it closes: what we asked, what
you said, what we did."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from app.accounts.access import role_required
from app.accounts.models import Role
from app.consultations import admin_bp
from app.consultations.forms import OutcomeForm
from app.consultations.models import CLOSED, Consultation
from app.consultations.services import publish_outcome, response_count
from app.core.db import db
from app.core.form_pages import render_form


@admin_bp.route("/<int:consultation_id>/outcome", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def outcome(consultation: Consultation):
    closed = consultation.status == CLOSED
    form = OutcomeForm()
    if request.method == "GET":
        for name in (*OutcomeForm.FIELDS, "outcome_young_summary", *OutcomeForm.WELSH):
            getattr(form, name).data = getattr(consultation, name)
        form.response_count.data = consultation.outcome_response_count or response_count(
            db.session, consultation
        )
    if closed and form.is_submitted() and form.validate(young=consultation.young_people_version):
        data = {name: getattr(form, name).data for name in form.FIELDS}
        data["outcome_young_summary"] = form.outcome_young_summary.data
        for name in form.WELSH:
            data[name] = getattr(form, name).data or ""
        data["response_count"] = form.response_count.data
        publish_outcome(db.session, consultation, data)
        db.session.commit()
        flash(_("Outcome published."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id))
    return render_form(
        "consultations/admin/outcome.html", form, consultation=consultation, closed=closed
    )
