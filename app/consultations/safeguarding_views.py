"""The safeguarding phrase list that screens young people's answers:
/admin/consultations/safeguarding. Council-wide, so only staff with no area
limit change it."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import check_council_wide, council_wide_required, may_change_council_wide
from app.consultations import admin_bp, services
from app.consultations.forms import ActionForm, PhraseForm
from app.consultations.models import SafeguardingPhrase
from app.core.db import db
from app.core.form_pages import render_form


@admin_bp.route("/safeguarding", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def safeguarding():
    form = PhraseForm()
    if request.method == "POST":
        # The list screens every young person's answer, whatever the area.
        check_council_wide()
    if form.validate_on_submit():
        phrase = services.add_phrase(db.session, form.phrase.data)
        if phrase is None:
            form.phrase.errors.append(_("That word or phrase is already on the list"))
        else:
            db.session.commit()
            flash(_("Added to the safeguarding list."), "success")
            return redirect(url_for(".safeguarding"))
    phrases = db.session.scalars(
        select(SafeguardingPhrase).order_by(SafeguardingPhrase.phrase)
    ).all()
    return render_form(
        "consultations/admin/safeguarding.html",
        form,
        phrases=phrases,
        action_form=ActionForm(),
        # Staff limited to some areas read the list but do not change it.
        may_change=may_change_council_wide(),
    )


@admin_bp.post("/safeguarding/<int:phrase_id>/remove")
@role_required(Role.COMMISSIONER)
@council_wide_required
def remove_phrase(phrase: SafeguardingPhrase):
    if not ActionForm().validate_on_submit():
        abort(400)
    services.remove_phrase(db.session, phrase)
    db.session.commit()
    flash(_("Removed from the safeguarding list."), "success")
    return redirect(url_for(".safeguarding"))
