"""Staff pages for running survey waves, under /admin/surveys: propose and
confirm waves, adjust their dates, titles and questions before they open,
and send invitations. Any staff member reads; the survey belongs to the
whole council, so only commissioners with no area limit and administrators
change it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import council_wide_required
from app.core.db import db, utcnow
from app.core.form_pages import render_form
from app.surveys import admin_bp
from app.surveys.forms import ActionForm, NewQuestionForm, QuestionWordingForm, WaveForm
from app.surveys.invitations import reminders_due
from app.surveys.managing import WaveLockedError, is_locked, overlapping_wave, wave_counts
from app.surveys.models import OPEN, SurveyQuestion, SurveyWave
from app.surveys.services import (
    add_question,
    confirm_wave,
    create_wave,
    propose_next_wave,
    remove_question,
    send_invitations,
    update_question,
    update_wave,
)
from app.surveys.waves import waves_newest_first

WAVE_STATUSES = {
    "proposed": _l("Proposed"),
    "scheduled": _l("Scheduled"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}
STATUS_TAGS = {
    "proposed": "govuk-tag--yellow",
    "scheduled": "govuk-tag--blue",
    "open": "govuk-tag--green",
    "closed": "govuk-tag--grey",
}


def _locked_message() -> None:
    flash(_("This wave has opened, so its questions and dates can no longer change."), "error")


@admin_bp.get("/")
def index():
    waves = waves_newest_first(db.session)
    return render_template(
        "surveys/admin/index.html",
        waves=waves,
        counts=wave_counts(db.session),
        statuses=WAVE_STATUSES,
        tags=STATUS_TAGS,
        now=utcnow(),
        action_form=ActionForm(),
    )


@admin_bp.post("/propose")
@role_required(Role.COMMISSIONER)
@council_wide_required
def propose():
    if not ActionForm().validate_on_submit():
        abort(400)
    wave = propose_next_wave(db.session)
    if wave is None:
        db.session.rollback()
        flash(
            _(
                "A wave is already waiting to be confirmed, or there is no wave yet. "
                "Confirm the latest wave first."
            ),
            "error",
        )
        return redirect(url_for("surveys_admin.index"))
    db.session.commit()
    flash(_("The next wave is proposed. Check its dates, then confirm it."), "success")
    return redirect(url_for("surveys_admin.show", wave_id=wave.id))


def _dates_clash(form: WaveForm, wave_id: int | None) -> bool:
    data = form.to_data()
    clash = overlapping_wave(db.session, data["opens_at"], data["closes_at"], wave_id)
    if clash is not None:
        form.opens.errors = [
            *form.opens.errors,
            _("These dates overlap the %(title)s", title=clash.title),
        ]
        return True
    return False


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
@council_wide_required
def new():
    form = WaveForm()
    if form.validate_on_submit() and not _dates_clash(form, None):
        data = form.to_data()
        wave = create_wave(
            db.session,
            data["opens_at"],
            data["closes_at"],
            confirmed=False,
            title=data["title"],
            title_cy=data["title_cy"],
        )
        db.session.commit()
        flash(_("Wave saved. Check its questions, then confirm it."), "success")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    return render_form("surveys/admin/wave_form.html", form, wave=None)


@admin_bp.get("/<int:wave_id>")
def show(wave: SurveyWave):
    counts = wave_counts(db.session).get(wave.id, {})
    now = utcnow()
    return render_template(
        "surveys/admin/show.html",
        wave=wave,
        status=wave.status_at(now),
        statuses=WAVE_STATUSES,
        tags=STATUS_TAGS,
        locked=is_locked(wave, now),
        invitations=counts.get("invitations", 0),
        responses=counts.get("responses", 0),
        reminders_due=reminders_due(wave, now),
        action_form=ActionForm(),
    )


@admin_bp.route("/<int:wave_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
@council_wide_required
def edit(wave: SurveyWave):
    if is_locked(wave):
        _locked_message()
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    form = WaveForm()
    if form.validate_on_submit() and not _dates_clash(form, wave.id):
        data = form.to_data()
        if not data["title_cy"]:
            data["title_cy"] = wave.title_cy
        update_wave(db.session, wave, data)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    if not form.is_submitted():
        form.fill_from(wave)
    return render_form("surveys/admin/wave_form.html", form, wave=wave)


@admin_bp.post("/<int:wave_id>/confirm")
@role_required(Role.COMMISSIONER)
@council_wide_required
def confirm(wave: SurveyWave):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = confirm_wave(db.session, wave)
    except WaveLockedError:
        db.session.rollback()
        _locked_message()
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    if changed:
        db.session.commit()
        flash(_("Wave confirmed. Invitations go out on the day it opens."), "success")
    return redirect(url_for("surveys_admin.show", wave_id=wave.id))


@admin_bp.post("/<int:wave_id>/invitations")
@role_required(Role.COMMISSIONER)
@council_wide_required
def invite(wave: SurveyWave):
    if not ActionForm().validate_on_submit():
        abort(400)
    if wave.status != OPEN:
        flash(_("Invitations can only be sent while the wave is open."), "error")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    sent = send_invitations(db.session, wave)
    db.session.commit()
    flash(_("Invitations sent: %(num)d.", num=sent), "success")
    return redirect(url_for("surveys_admin.show", wave_id=wave.id))


def _choice_labels(question: SurveyQuestion) -> dict:
    labels = {}
    for number, choice in enumerate(question.choices, 1):
        english = " ".join(request.form.get(f"choice-{number}-en", "").split())[:200]
        welsh = " ".join(request.form.get(f"choice-{number}-cy", "").split())[:200]
        labels[choice["key"]] = {"en": english, "cy": welsh}
    return labels


@admin_bp.route("/<int:wave_id>/questions/<int:survey_question_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
@council_wide_required
def edit_question(wave: SurveyWave, question: SurveyQuestion):
    if is_locked(wave):
        _locked_message()
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    form = QuestionWordingForm()
    choice_errors: dict[int, str] = {}
    if form.is_submitted():
        labels = _choice_labels(question)
        for number, choice in enumerate(question.choices, 1):
            if not labels[choice["key"]]["en"]:
                choice_errors[number] = _("Enter the answer in English")
    if form.validate_on_submit() and not choice_errors:
        update_question(db.session, question, {**form.to_data(), "choices": labels})
        db.session.commit()
        flash(_("Question saved."), "success")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id) + f"#q-{question.id}")
    if not form.is_submitted():
        form.text.data = question.text
        form.text_cy.data = question.text_cy
        form.help_text.data = question.help_text
        form.help_text_cy.data = question.help_text_cy
    values = (
        request.form
        if form.is_submitted()
        else {
            key: value
            for number, choice in enumerate(question.choices, 1)
            for key, value in (
                (f"choice-{number}-en", choice["en"]),
                (f"choice-{number}-cy", choice.get("cy", "")),
            )
        }
    )
    return render_form(
        "surveys/admin/question_form.html",
        form,
        failed=bool(choice_errors),
        wave=wave,
        question=question,
        values=values,
        choice_errors=choice_errors,
    )


@admin_bp.route("/<int:wave_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
@council_wide_required
def new_question(wave: SurveyWave):
    if is_locked(wave):
        _locked_message()
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    form = NewQuestionForm()
    if form.validate_on_submit():
        question = add_question(db.session, wave, form.to_data())
        db.session.commit()
        flash(_("Question added."), "success")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id) + f"#q-{question.id}")
    return render_form("surveys/admin/new_question.html", form, wave=wave)


@admin_bp.post("/<int:wave_id>/questions/<int:survey_question_id>/remove")
@role_required(Role.COMMISSIONER)
@council_wide_required
def remove(wave: SurveyWave, question: SurveyQuestion):
    if not ActionForm().validate_on_submit():
        abort(400)
    if question.core:
        flash(_("Core questions stay in every wave, so waves can be compared."), "error")
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    try:
        remove_question(db.session, question)
    except WaveLockedError:
        db.session.rollback()
        _locked_message()
        return redirect(url_for("surveys_admin.show", wave_id=wave.id))
    db.session.commit()
    flash(_("Question removed."), "success")
    return redirect(url_for("surveys_admin.show", wave_id=wave.id))
