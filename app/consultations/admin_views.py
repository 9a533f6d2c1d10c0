"""Staff pages for consultations and their questions, under /admin/consultations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import Loader, areas_for, by_id, guard_staff_blueprint
from app.consultations import admin_bp
from app.consultations.choices import QUESTION_KINDS, STATUS_LABELS, STATUS_TAGS
from app.consultations.forms import (
    ActionForm,
    CloseNowForm,
    ConsultationForm,
    CopyForm,
    QuestionForm,
    field_name,
    page_form,
)
from app.consultations.models import (
    OPEN,
    Consultation,
    ConsultationDocument,
    ConsultationQuestion,
    ConsultationResponse,
    SafeguardingPhrase,
)
from app.consultations.services import (
    ROUTING_KINDS,
    NotOpenError,
    QuestionsLockedError,
    RoutingError,
    add_question,
    close_now,
    copy_consultation,
    create_consultation,
    has_responses,
    move_question,
    remove_question,
    response_count,
    route_answers,
    set_published,
    unknown_plans,
    update_consultation,
    update_question,
)
from app.consultations.views import linked_plans
from app.core.db import db, utcnow
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
    if form.validate_on_submit() and _plans_exist(form):
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
        routes=_routes(consultation),
    )


def _routes(consultation: Consultation) -> dict[int, tuple[str, str]]:
    """For each question asked only sometimes: (the earlier question, the answer)."""
    by_id = {q.id: q for q in consultation.questions}
    routes = {}
    for question in consultation.questions:
        controlling = by_id.get(question.show_if_id)
        if controlling is not None:
            labels = dict(route_answers(controlling))
            routes[question.id] = (
                controlling.text,
                labels.get(question.show_if_answer, question.show_if_answer),
            )
    return routes


@admin_bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit(consultation: Consultation):
    form = _form()
    if request.method == "GET":
        form.fill_from(consultation)
    if form.validate_on_submit() and _plans_exist(form):
        save_changes(db.session, update_consultation(db.session, consultation, form.to_data()))
        return redirect(url_for(".show", consultation_id=consultation.id))
    return _render_form(form, consultation)


def _plans_exist(form: ConsultationForm) -> bool:
    """A link to a plan item that does not exist is refused, naming it."""
    missing = unknown_plans(db.session, form.to_data()["plan_slugs"])
    if missing:
        form.plan_slugs.errors = [
            *form.plan_slugs.errors,
            ngettext(
                "There is no plan item at %(addresses)s. Check the address, or leave it out.",
                "There are no plan items at %(addresses)s. Check the addresses, or leave them out.",
                len(missing),
                addresses=", ".join(missing),
            ),
        ]
    return not missing


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


@admin_bp.route("/<int:consultation_id>/close", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def close(consultation: Consultation):
    """Check before closing early: says what happens, then closes at once."""
    if consultation.status != OPEN:
        flash(_("Only an open consultation can be closed early."), "info")
        return redirect(url_for(".show", consultation_id=consultation.id))
    form = CloseNowForm()
    if form.validate_on_submit():
        try:
            close_now(db.session, consultation)
        except NotOpenError:  # it closed while the page was open
            db.session.rollback()
            flash(_("Only an open consultation can be closed early."), "info")
            return redirect(url_for(".show", consultation_id=consultation.id))
        db.session.commit()
        flash(_("Closed. The form takes no more responses."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id), 303)
    return render_template(
        "consultations/admin/close.html",
        consultation=consultation,
        form=form,
        responses=response_count(db.session, consultation),
    )


@admin_bp.route("/<int:consultation_id>/copy", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def copy(consultation: Consultation):
    """Start a new draft from this one: its words and questions, no responses."""
    form = CopyForm()
    if form.validate_on_submit():
        new_draft = copy_consultation(
            db.session, consultation, with_documents=bool(form.with_documents.data)
        )
        db.session.commit()
        flash(
            _("Copied as a new draft. Check its title and dates before you publish it."),
            "success",
        )
        return redirect(url_for(".show", consultation_id=new_draft.id), 303)
    return render_template(
        "consultations/admin/copy.html",
        consultation=consultation,
        form=form,
        documents=len(consultation.documents),
    )


@admin_bp.get("/<int:consultation_id>/preview")
def preview(consultation: Consultation):
    """The public page and its questions as people will see them, sent
    nowhere: there is no form to submit, whatever its state."""
    young = request.args.get("version") == "young_people" and consultation.young_people_version
    pages = consultation.pages(young=young)
    forms = [page_form(questions, young, {}) for questions in pages]
    # The state it will be in once published, by its dates.
    now = utcnow()
    status = (
        "forthcoming"
        if now < consultation.opens_at
        else ("open" if now < consultation.closes_at else "closed")
    )
    return render_template(
        "consultations/admin/preview.html",
        consultation=consultation,
        status=status,
        status_labels=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        young=young,
        pages=list(zip(pages, forms, strict=True)),
        field_name=field_name,
        plans=linked_plans(consultation),
        preview=True,
        routes=_routes(consultation),
    )


# ---------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------


ROUTE_ERRORS = {
    "not_earlier": lambda: _(
        "The question this depends on must be on an earlier page. Choose another, "
        "or put this question on a later page."
    ),
    "unknown": lambda: _("Choose an earlier single-choice question and one of its answers"),
}


def _route_choices(form: QuestionForm, consultation: Consultation, question=None) -> None:
    """Offer each answer of each single-choice question (but this one)."""
    choices = [("", _("Always"))]
    for number, earlier in enumerate(consultation.questions, 1):
        if earlier is question or earlier.kind not in ROUTING_KINDS:
            continue
        for key, label in route_answers(earlier):
            choices.append(
                (
                    f"{earlier.id}:{key}",
                    _(
                        "Only if question %(number)d (%(question)s) is answered “%(answer)s”",
                        number=number,
                        question=earlier.text,
                        answer=label,
                    ),
                )
            )
    form.show_if.choices = choices


def _route_error(form: QuestionForm, error: RoutingError) -> None:
    form.show_if.errors = [
        *form.show_if.errors,
        ROUTE_ERRORS.get(str(error), ROUTE_ERRORS["unknown"])(),
    ]


@admin_bp.route("/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new_question(consultation: Consultation):
    form = QuestionForm()
    _route_choices(form, consultation)
    if request.method == "GET":
        form.required.data = "no"
        form.page.data = max((q.page for q in consultation.questions), default=1)
    if form.validate_on_submit():
        try:
            add_question(db.session, consultation, form.to_data())
        except RoutingError as error:
            db.session.rollback()
            _route_error(form, error)
            return _render_question(form, consultation, None)
        db.session.commit()
        flash(_("Question added."), "success")
        return redirect(url_for(".show", consultation_id=consultation.id) + "#questions")
    return _render_question(form, consultation, None)


@admin_bp.route("/<int:consultation_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit_question(consultation: Consultation, question: ConsultationQuestion):
    form = QuestionForm()
    _route_choices(form, consultation, question)
    if request.method == "GET":
        form.fill_from(question)
    if form.validate_on_submit():
        try:
            changed = update_question(db.session, question, form.to_data())
        except RoutingError as error:
            db.session.rollback()
            _route_error(form, error)
            return _render_question(form, consultation, question)
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
