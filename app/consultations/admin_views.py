"""Staff pages for consultations and their questions, under /admin/consultations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import Loader, areas_for, by_id, guard_staff_blueprint
from app.consultations import admin_bp
from app.consultations.choices import QUESTION_KINDS, STATUS_LABELS, STATUS_TAGS
from app.consultations.forms import ActionForm, ConsultationForm, QuestionForm
from app.consultations.models import (
    Consultation,
    ConsultationDocument,
    ConsultationQuestion,
    ConsultationResponse,
    SafeguardingPhrase,
)
from app.consultations.services import (
    QuestionsLockedError,
    add_question,
    create_consultation,
    has_responses,
    move_question,
    remove_question,
    response_count,
    set_published,
    update_consultation,
    update_question,
)
from app.core.db import db
from app.core.form_pages import render_form, save_changes


def _area_of_consultation(consultation: Consultation) -> int:
    return consultation.service_area_id


def _area_of_part(part: ConsultationQuestion | ConsultationDocument) -> int:
    # The consultation is already loaded (a part is loaded after its parent),
    # so this reads it from the session without a query.
    return db.session.get(Consultation, part.consultation_id).service_area_id


# Outside the reader's service areas a consultation, the responses behind it,
# its questions and its documents are "not found", as inbox items are.
# Questions and documents are found only under the consultation in the URL.
guard_staff_blueprint(
    admin_bp,
    {
        "consultation_id": Loader("consultation", by_id(Consultation), area=_area_of_consultation),
        "question_id": Loader(
            "question", by_id(ConsultationQuestion, parent="consultation"), area=_area_of_part
        ),
        "document_id": Loader(
            "document", by_id(ConsultationDocument, parent="consultation"), area=_area_of_part
        ),
        # The safeguarding list belongs to the whole council: every member of
        # staff may read it, and only council-wide staff change it.
        "phrase_id": Loader("phrase", by_id(SafeguardingPhrase)),
    },
)


def _form(**kwargs) -> ConsultationForm:
    form = ConsultationForm(**kwargs)
    # Staff limited to some areas file consultations only in those, and cannot
    # move one elsewhere: they would lose sight of their own draft.
    areas = areas_for(db.session)
    form.service_area_id.choices = [("", _("Select a service area"))] + [
        (area.id, area.name) for area in areas
    ]
    return form


@admin_bp.get("/")
def index():
    consultations = db.session.scalars(
        limit_to_areas(select(Consultation), current_user, Consultation.service_area_id).order_by(
            Consultation.opens_at.desc(), Consultation.id.desc()
        )
    ).all()
    counts = dict(
        db.session.execute(
            limit_to_areas(
                select(ConsultationResponse.consultation_id, func.count()).join(
                    Consultation, Consultation.id == ConsultationResponse.consultation_id
                ),
                current_user,
                Consultation.service_area_id,
            ).group_by(ConsultationResponse.consultation_id)
        ).all()
    )
    return render_template(
        "consultations/admin/index.html",
        consultations=consultations,
        counts=counts,
        status_labels=STATUS_LABELS,
        status_tags=STATUS_TAGS,
    )


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new():
    form = _form()
    if form.validate_on_submit():
        consultation = create_consultation(db.session, form.to_data())
        db.session.commit()
        flash(_("Draft saved. Add its questions, then publish it."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id))
    return _render_form(form, None)


@admin_bp.get("/<int:consultation_id>")
def show(consultation: Consultation):
    return render_template(
        "consultations/admin/show.html",
        consultation=consultation,
        status=consultation.status,
        status_labels=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        kinds=QUESTION_KINDS,
        responses=response_count(db.session, consultation),
        locked=has_responses(db.session, consultation),
        action_form=ActionForm(),
        pages=consultation.pages(),
    )


@admin_bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit(consultation: Consultation):
    form = _form()
    if request.method == "GET":
        form.fill_from(consultation)
    if form.validate_on_submit():
        save_changes(db.session, update_consultation(db.session, consultation, form.to_data()))
        return redirect(url_for(".show", consultation_id=consultation.id))
    return _render_form(form, consultation)


def _render_form(form: ConsultationForm, consultation: Consultation | None):
    return render_form("consultations/admin/form.html", form, consultation=consultation)


@admin_bp.post("/<int:consultation_id>/publish")
@role_required(Role.COMMISSIONER)
def publish(consultation: Consultation):
    if not ActionForm().validate_on_submit():
        abort(400)
    publish = request.form.get("action") != "unpublish"
    if publish and not consultation.questions:
        flash(_("Add at least one question before you publish the consultation."), "info")
    elif set_published(db.session, consultation, publish):
        db.session.commit()
        flash(
            _("Published. People can see it now.")
            if publish
            else _("Returned to draft. It is no longer public."),
            "success",
        )
    return redirect(url_for(".show", consultation_id=consultation.id))


# ---------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------


@admin_bp.route("/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new_question(consultation: Consultation):
    form = QuestionForm()
    if request.method == "GET":
        form.required.data = "no"
        form.page.data = max((q.page for q in consultation.questions), default=1)
    if form.validate_on_submit():
        add_question(db.session, consultation, form.to_data())
        db.session.commit()
        flash(_("Question added."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")
    return _render_question(form, consultation, None)


@admin_bp.route("/<int:consultation_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit_question(consultation: Consultation, question: ConsultationQuestion):
    form = QuestionForm()
    if request.method == "GET":
        form.fill_from(question)
    if form.validate_on_submit():
        try:
            changed = update_question(db.session, question, form.to_data())
        except QuestionsLockedError:
            db.session.rollback()
            form.kind.errors.append(
                _(
                    "People have already answered this question, so you cannot change its "
                    "type, its options or shorten its limit. Add a new question instead."
                )
            )
            return _render_question(form, consultation, question)
        if changed:
            db.session.commit()
            flash(_("Question saved."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")
    return _render_question(form, consultation, question)


def _render_question(form, consultation, question):
    return render_form(
        "consultations/admin/question_form.html",
        form,
        consultation=consultation,
        question=question,
        locked=has_responses(db.session, consultation),
    )


@admin_bp.post("/<int:consultation_id>/questions/<int:question_id>/move")
@role_required(Role.COMMISSIONER)
def move(consultation: Consultation, question: ConsultationQuestion):
    if not ActionForm().validate_on_submit():
        abort(400)
    direction = -1 if request.form.get("direction") == "up" else 1
    if move_question(db.session, question, direction):
        db.session.commit()
    return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")


@admin_bp.post("/<int:consultation_id>/questions/<int:question_id>/remove")
@role_required(Role.COMMISSIONER)
def remove(consultation: Consultation, question: ConsultationQuestion):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        remove_question(db.session, question)
    except QuestionsLockedError:
        db.session.rollback()
        flash(
            _("People have already answered, so its questions cannot be removed."),
            "info",
        )
        return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")
    db.session.commit()
    flash(_("Question removed."), "success")
    return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")
