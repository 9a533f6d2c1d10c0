"""Public pages: what the right is, the register of challenges, the
expression-of-interest form and /track."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from app.challenges import bp, services
from app.challenges.choices import (
    BODY_TYPES,
    DEFAULT_DECISION_PERIOD_DAYS,
    EXCLUSION_CITATIONS,
    EXCLUSION_LABELS,
    PARTNER_ROLES,
    PROCUREMENT_OUTCOMES,
    REJECTION_GROUND_CITATIONS,
    REJECTION_GROUNDS,
    RELEVANT_BODY_HINTS,
    STATUS_LABELS,
    STATUS_TAGS,
    is_relevant_body,
)
from app.challenges.documents import LABELS, MAX_BYTES, MAX_FILES
from app.challenges.drafts import find_draft
from app.challenges.forms import (
    ContinueForm,
    DeclarationForm,
    DocumentForm,
    PartnerForm,
    SaveForm,
)
from app.challenges.models import ChallengeDocument, ChallengeService, ExpressionOfInterest
from app.challenges.services import (
    DocumentRefused,
    NotReady,
    ServiceRefused,
    add_document,
    add_partner,
    forget_stale_drafts,
    remove_partner,
    save_answers,
    start_draft,
    submit,
)
from app.challenges.steps import (
    BY_SLUG,
    COMPLETED,
    OPTIONAL,
    UNCHECKED,
    applicable,
    first_incomplete,
    next_step,
    previous_step,
    step_state,
)
from app.challenges.submission import OTHER_SERVICE
from app.challenges.windows import availability, council_today
from app.core.db import db
from app.core.downloads import download
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.i18n import current_language
from app.core.outbox import queue_email, render_email

DRAFT_KEY = "rtc_draft"
SENT_KEY = "rtc_sent"


def _form_limit() -> str:
    return current_app.config["CHALLENGE_FORM_RATE_LIMIT"]


def _services() -> list[ChallengeService]:
    return list(db.session.scalars(select(ChallengeService).order_by(ChallengeService.name)))


def _service_states(services, today) -> dict:
    return {service.id: availability(service, today) for service in services}


@bp.get("/right-to-challenge/")
def overview():
    services = _services()
    today = council_today()
    states = _service_states(services, today)
    return render_template(
        "challenges/overview.html",
        open_services=[s for s in services if not s.excluded],
        excluded=[s for s in services if s.excluded],
        states=states,
        exclusions=EXCLUSION_LABELS,
        exclusion_citations=EXCLUSION_CITATIONS,
        default_period=DEFAULT_DECISION_PERIOD_DAYS,
    )


@bp.get("/right-to-challenge/register")
def register():
    eois = db.session.scalars(
        select(ExpressionOfInterest).order_by(
            ExpressionOfInterest.submitted_at.desc(), ExpressionOfInterest.id.desc()
        )
    ).all()
    return render_template(
        "challenges/register.html",
        eois=eois,
        body_types=BODY_TYPES,
        statuses=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        grounds=REJECTION_GROUNDS,
        ground_citations=REJECTION_GROUND_CITATIONS,
        procurement_outcomes=PROCUREMENT_OUTCOMES,
    )


# --------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------


def _draft():
    return find_draft(db.session, session.get(DRAFT_KEY))


def _no_draft():
    flash(_("Your answers could not be found. Start again, or use the link we emailed you."))
    return redirect(url_for(".apply"))


@bp.get("/right-to-challenge/apply")
def apply():
    return render_template(
        "challenges/apply/start.html", form=ContinueForm(), has_draft=_draft() is not None
    )


@bp.post("/right-to-challenge/apply")
@limiter.limit(_form_limit)
def start():
    form = ContinueForm()
    if not form.validate_on_submit():
        abort(400)
    draft = _draft()
    if draft is None or request.form.get("fresh"):
        # No scheduler runs retention yet, so each new draft clears out abandoned ones.
        forget_stale_drafts(db.session)
        draft, token = start_draft(db.session, current_language())
        session[DRAFT_KEY] = token
        db.session.commit()
    missing = first_incomplete(draft.answers)
    return redirect(url_for(".step", slug=missing.slug if missing else "check"))


def _after_step(draft, slug: str):
    if draft.answers.get("checked") and first_incomplete(draft.answers) is None:
        return redirect(url_for(".step", slug="check"))
    following = next_step(draft.answers, slug)
    return redirect(url_for(".step", slug=following.slug if following else "check"))


def _back_link(draft, slug: str) -> str:
    before = previous_step(draft.answers, slug)
    return url_for(".step", slug=before.slug) if before else url_for(".apply")


@bp.route("/right-to-challenge/apply/<slug>", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def step(slug: str):
    if slug == "check":
        return check()
    found = BY_SLUG.get(slug)
    draft = _draft()
    if found is None:
        abort(404)
    if draft is None:
        return _no_draft()
    if found not in applicable(draft.answers):
        abort(404)
    if found.slug == "partners":
        return _partners(draft)
    if found.slug == "documents":
        return _documents(draft)
    form = found.form(data=draft.answers) if request.method == "GET" else found.form()
    services = states = None
    today = council_today()
    if found.slug == "service":
        services = _services()
        states = _service_states(services, today)
        form.service_id.choices = [
            *((s.id, s.localised_name(current_language())) for s in services),
            (OTHER_SERVICE, _("Another service the council provides")),
        ]
    saving = request.method == "POST" and "save_for_later" in request.form
    if form.validate_on_submit():
        refusal = None
        if found.slug == "service" and form.service_id.data != OTHER_SERVICE:
            chosen = next(s for s in services if s.id == form.service_id.data)
            refusal = states[chosen.id]
            # An excluded service is not a relevant service at all (s.81(5));
            # a closed window is the council's published period (s.82).
            if not refusal.accepting:
                form.service_id.errors.append(_refusal_message(chosen, refusal))
        if not form.errors:
            save_answers(draft, {**form.answers(), UNCHECKED: _unchecked(draft, found.slug)})
            db.session.commit()
            if saving:
                return redirect(url_for(".save"))
            return _after_step(draft, found.slug)
    if saving and "csrf_token" not in form.errors:
        # "Save and come back later" keeps what was typed, right or not yet
        # right; the step counts as unfinished until it is answered properly.
        save_answers(
            draft,
            {**_typed_answers(form), UNCHECKED: _unchecked(draft, found.slug, add=True)},
        )
        db.session.commit()
        return redirect(url_for(".save"))
    return render_form(
        "challenges/apply/step.html",
        form,
        step=found,
        services=services,
        states=states,
        body_hints=RELEVANT_BODY_HINTS,
        other_service=OTHER_SERVICE,
        back=_back_link(draft, found.slug),
    )


def _unchecked(draft, slug: str, add: bool = False) -> list[str]:
    others = [name for name in draft.answers.get(UNCHECKED, []) if name != slug]
    return [*others, slug] if add else others


def _typed_answers(form) -> dict:
    """What the visitor typed on a step, kept even where it is not valid yet."""
    typed = {}
    for name, field in form._fields.items():
        if name in ("csrf_token", "submit"):
            continue
        value = field.data
        if isinstance(value, str):
            value = value.strip()
        elif not isinstance(value, int | list | type(None)):
            value = None
        typed[name] = value
    if "contact_email" in typed and isinstance(typed["contact_email"], str):
        typed["contact_email"] = typed["contact_email"].lower()
    return typed


@bp.get("/right-to-challenge/apply/tasks")
def tasks():
    draft = _draft()
    if draft is None:
        return _no_draft()
    documents = len(draft.documents)
    rows = [
        (step, step_state(draft.answers, step, documents)) for step in applicable(draft.answers)
    ]
    return render_template(
        "challenges/apply/tasks.html",
        rows=rows,
        completed=sum(1 for step, state in rows if state in (COMPLETED, OPTIONAL)),
        ready=first_incomplete(draft.answers) is None,
    )


def _refusal_message(service: ChallengeService, state) -> str:
    from app.core.formatting import ukdate

    if state.state == "excluded":
        reason = service.localised_exclusion_reason(current_language())
        return _(
            "%(service)s is excluded from the right to challenge by law (%(citation)s): "
            "%(exclusion)s. %(reason)s",
            service=service.localised_name(current_language()),
            citation=EXCLUSION_CITATIONS[service.exclusion_code],
            exclusion=EXCLUSION_LABELS[service.exclusion_code],
            reason=reason,
        ).strip()
    if state.state == "opens":
        return _(
            "Expressions of interest for %(service)s are not being taken now. The next "
            "window opens on %(opens)s and closes on %(closes)s",
            service=service.localised_name(current_language()),
            opens=ukdate(state.window.opens_on),
            closes=ukdate(state.window.closes_on),
        )
    return _(
        "Expressions of interest for %(service)s are not being taken now, and no new "
        "window has been set. Ask the council when the next one will be",
        service=service.localised_name(current_language()),
    )


def _partners(draft):
    form = ContinueForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        save_answers(draft, {"partners_seen": True})
        db.session.commit()
        return _after_step(draft, "partners")
    return render_template(
        "challenges/apply/partners.html",
        form=form,
        partners=draft.answers.get("partners", []),
        roles=PARTNER_ROLES,
        remove_form=ContinueForm(),
        back=_back_link(draft, "partners"),
    )


@bp.route("/right-to-challenge/apply/partners/add", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def add_partner_view():
    draft = _draft()
    if draft is None:
        return _no_draft()
    form = PartnerForm()
    if form.validate_on_submit():
        add_partner(draft, form.answers())
        db.session.commit()
        flash(_("%(name)s added.", name=form.name.data.strip()), "success")
        return redirect(url_for(".step", slug="partners"))
    return render_form("challenges/apply/partner.html", form)


@bp.post("/right-to-challenge/apply/partners/<int:index>/remove")
def remove_partner_view(index: int):
    draft = _draft()
    if draft is None:
        return _no_draft()
    if not ContinueForm().validate_on_submit():
        abort(400)
    if remove_partner(draft, index):
        db.session.commit()
    return redirect(url_for(".step", slug="partners"))


DOCUMENT_ERRORS = {
    "empty": lambda: _("The selected file is empty"),
    "too_big": lambda: _(
        "The selected file must be smaller than %(size)s MB", size=MAX_BYTES // (1024 * 1024)
    ),
    "too_many": lambda: _("You can upload up to %(count)d files", count=MAX_FILES),
    "wrong_type": lambda: _("The selected file must be a PDF, DOCX, ODT, XLSX or ODS"),
    "unsafe_archive": lambda: _(
        "The selected file unpacks to far more than its size, so it cannot be checked. "
        "Save it again, or save it as a PDF, and upload that instead"
    ),
}


def _documents(draft):
    """One form: a file goes up with either button; "Continue" then moves on."""
    form = DocumentForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = form.document.data
        if upload is not None and getattr(upload, "filename", ""):
            content = upload.read(MAX_BYTES + 1)
            try:
                document = add_document(db.session, draft, upload.filename, content)
            except DocumentRefused as refused:
                form.document.errors.append(DOCUMENT_ERRORS[refused.reason]())
            else:
                db.session.commit()
                flash(_("%(name)s uploaded.", name=document.filename), "success")
        elif form.upload.data:
            form.document.errors.append(_("Select a file to upload"))
        if not form.errors:
            if form.upload.data:
                return redirect(url_for(".step", slug="documents"))
            return _after_step(draft, "documents")
    return render_form(
        "challenges/apply/documents.html",
        form,
        remove_form=ContinueForm(),
        documents=draft.documents,
        labels=LABELS,
        max_mb=MAX_BYTES // (1024 * 1024),
        max_files=MAX_FILES,
        back=_back_link(draft, "documents"),
    )


@bp.post("/right-to-challenge/apply/documents/<int:document_id>/remove")
def remove_document(document_id: int):
    draft = _draft()
    if draft is None:
        return _no_draft()
    if not ContinueForm().validate_on_submit():
        abort(400)
    document = db.session.get(ChallengeDocument, document_id)
    if document is None or document.draft_id != draft.id:
        abort(404)
    services.remove_document(db.session, document)
    db.session.commit()
    return redirect(url_for(".step", slug="documents"))


def check():
    draft = _draft()
    if draft is None:
        return _no_draft()
    missing = first_incomplete(draft.answers)
    if missing is not None:
        flash(_("Answer this question before you check your answers."))
        return redirect(url_for(".step", slug=missing.slug))
    if not draft.answers.get("checked"):
        save_answers(draft, {"checked": True})
        db.session.commit()
    form = DeclarationForm()
    service = (
        db.session.get(ChallengeService, draft.answers["service_id"])
        if draft.answers["service_id"] != OTHER_SERVICE
        else None
    )
    if form.validate_on_submit():
        try:
            eoi = submit(db.session, draft, council_today(), session[DRAFT_KEY])
        except NotReady as not_ready:
            db.session.rollback()
            return redirect(url_for(".step", slug=not_ready.step.slug))
        except ServiceRefused:
            db.session.rollback()
            if service is not None:
                flash(_refusal_message(service, availability(service, council_today())))
            return redirect(url_for(".step", slug="service"))
        db.session.commit()
        session.pop(DRAFT_KEY, None)
        session[SENT_KEY] = [*session.get(SENT_KEY, [])[-9:], eoi.reference]
        return redirect(url_for(".sent", reference=eoi.reference))
    return render_form(
        "challenges/apply/check.html",
        form,
        answers=draft.answers,
        service=service,
        documents=draft.documents,
        steps=applicable(draft.answers),
        body_types=BODY_TYPES,
        relevant_body=is_relevant_body(draft.answers["body_type"]),
        roles=PARTNER_ROLES,
        labels=LABELS,
    )


def _own_eoi(reference: str) -> ExpressionOfInterest:
    if reference not in session.get(SENT_KEY, []):
        abort(404)
    eoi = db.session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.reference == reference)
    )
    if eoi is None:
        abort(404)
    return eoi


@bp.get("/right-to-challenge/apply/sent/<reference>")
def sent(reference: str):
    return render_template("challenges/apply/sent.html", eoi=_own_eoi(reference))


@bp.get("/right-to-challenge/apply/sent/<reference>/copy.html")
def copy(reference: str):
    eoi = _own_eoi(reference)
    return download(eoi.copy_html, filename=f"{eoi.reference}.html", mimetype="text/html")


# --------------------------------------------------------------------------
# Save and return
# --------------------------------------------------------------------------


@bp.route("/right-to-challenge/apply/save", methods=["GET", "POST"])
@limiter.limit(_form_limit, methods=["POST"])
def save():
    draft = _draft()
    if draft is None:
        return _no_draft()
    form = SaveForm()
    if request.method == "GET":
        form.email.data = draft.answers.get("contact_email", "")
    if form.validate_on_submit():
        language = current_language()
        subject, body = render_email(
            "challenges/email/resume.txt",
            language,
            resume_url=url_for(".resume", token=session[DRAFT_KEY], _external=True),
        )
        queue_email(
            db.session,
            to=form.email.data.strip(),
            subject=subject,
            body=body,
            locale=language,
            secret_links=True,
        )
        db.session.commit()
        return render_template("challenges/apply/saved.html", email=form.email.data.strip())
    return render_form("challenges/apply/save.html", form)


@bp.get("/right-to-challenge/apply/resume/<token>")
def resume(token: str):
    draft = find_draft(db.session, token)
    if draft is None:
        return (render_template("challenges/apply/expired.html"), 404)
    session[DRAFT_KEY] = token
    missing = first_incomplete(draft.answers)
    return redirect(url_for(".step", slug=missing.slug if missing else "check"))


# --------------------------------------------------------------------------
# Tracking
# --------------------------------------------------------------------------


def show_tracked(eoi: ExpressionOfInterest):
    """The page /track shows a body that proved an expression of interest is theirs."""
    session[SENT_KEY] = [*session.get(SENT_KEY, [])[-9:], eoi.reference]
    return render_template(
        "challenges/tracked.html",
        eoi=eoi,
        statuses=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        grounds=REJECTION_GROUNDS,
        ground_citations=REJECTION_GROUND_CITATIONS,
    )
