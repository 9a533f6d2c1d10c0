"""Staff pages around a consultation's questions: the outcome to publish
after closing, and the safeguarding phrase list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import check_council_wide, council_wide_required, may_change_council_wide
from app.consultations import admin_bp
from app.consultations.admin_views import _audit
from app.consultations.forms import ActionForm, OutcomeForm, PhraseForm
from app.consultations.models import CLOSED, Consultation, SafeguardingPhrase
from app.consultations.safeguarding import add_phrase
from app.consultations.services import publish_outcome, response_count
from app.core.audit import record
from app.core.db import db


@admin_bp.route("/<int:consultation_id>/outcome", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def outcome(consultation: Consultation):
    closed = consultation.status == CLOSED
    form = OutcomeForm()
    if request.method == "GET":
        for name in (*OutcomeForm.FIELDS, "outcome_young_summary"):
            getattr(form, name).data = getattr(consultation, name)
        form.response_count.data = consultation.outcome_response_count or response_count(
            db.session, consultation
        )
    if closed and form.is_submitted() and form.validate(young=consultation.young_people_version):
        data = {name: getattr(form, name).data for name in form.FIELDS}
        data["outcome_young_summary"] = form.outcome_young_summary.data
        data["response_count"] = form.response_count.data
        publish_outcome(db.session, consultation, data)
        _audit("consultation.outcome", consultation, "Published the outcome")
        db.session.commit()
        flash(_("Outcome published."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id))
    return render_template(
        "consultations/admin/outcome.html",
        form=form,
        consultation=consultation,
        closed=closed,
    ), (400 if form.errors else 200)


@admin_bp.route("/safeguarding", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def safeguarding():
    form = PhraseForm()
    if request.method == "POST":
        # The list screens every young person's answer, whatever the area.
        check_council_wide()
    if form.validate_on_submit():
        phrase = add_phrase(db.session, form.phrase.data)
        if phrase is None:
            form.phrase.errors.append(_("That word or phrase is already on the list"))
        else:
            _record_phrase("consultation.phrase_add", phrase.phrase)
            db.session.commit()
            flash(_("Added to the safeguarding list."), "success")
            return redirect(url_for(".safeguarding"))
    phrases = db.session.scalars(
        select(SafeguardingPhrase).order_by(SafeguardingPhrase.phrase)
    ).all()
    return render_template(
        "consultations/admin/safeguarding.html",
        form=form,
        phrases=phrases,
        action_form=ActionForm(),
        # Staff limited to some areas read the list but do not change it.
        may_change=may_change_council_wide(),
    ), (400 if form.errors else 200)


@admin_bp.post("/safeguarding/<int:phrase_id>/remove")
@role_required(Role.COMMISSIONER)
@council_wide_required
def remove_phrase(phrase: SafeguardingPhrase):
    if not ActionForm().validate_on_submit():
        abort(400)
    _record_phrase("consultation.phrase_remove", phrase.phrase)
    db.session.delete(phrase)
    db.session.commit()
    flash(_("Removed from the safeguarding list."), "success")
    return redirect(url_for(".safeguarding"))


def _record_phrase(action: str, phrase: str) -> None:
    record(
        db.session,
        action,
        actor=current_user,
        object_type="safeguarding_phrase",
        object_ref=phrase,
        summary="Changed the safeguarding list",
        request=request,
    )
