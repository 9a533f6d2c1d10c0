"""Answering the survey: the explanation page, the personal invitation link,
the open link for groups not on the register, one question a page, check
your answers and the confirmation; saving to finish later; opting out.

Which response a browser is answering is kept in its (signed) session;
the answers themselves are saved in the database page by page.
"""

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

from app.core.db import db, utcnow
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.i18n import current_language
from app.inbox.models import InboxItem
from app.suppliers.signed_in import current_contact
from app.surveys import bp
from app.surveys.answering import (
    AlreadySubmittedError,
    SurveyClosedError,
    answer_label,
    answers_by_question,
    applicable_questions,
    applies,
    invitation_matching,
    missing_required,
    response_for_resume_token,
    resume_at,
)
from app.surveys.forms import (
    AccountOptOutForm,
    ActionForm,
    IdentifyForm,
    OrganisationForm,
    SubmitSurveyForm,
    answer_form,
    answer_values,
)
from app.surveys.invitations import invitation_for_token, is_opted_out
from app.surveys.models import (
    OPEN,
    SUBMITTED,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.services import (
    issue_resume_link,
    response_for_invitation,
    save_answer,
    set_may_identify,
    set_opt_out,
    start_open_response,
    submit,
)
from app.surveys.text import question_text, wave_title
from app.surveys.waves import open_wave

ANSWERING = "survey_response_id"
DONE = "survey_done_id"


def _rate_limit():
    return current_app.config.get("SURVEY_RATE_LIMIT", "60 per minute; 600 per hour")


limited = limiter.limit(_rate_limit, methods=["POST"])


def _next_wave(now) -> SurveyWave | None:
    return db.session.scalar(
        select(SurveyWave)
        .where(SurveyWave.confirmed.is_(True), SurveyWave.opens_at > now)
        .order_by(SurveyWave.opens_at)
        .limit(1)
    )


@bp.get("/survey/")
def index():
    now = utcnow()
    wave = open_wave(db.session, now)
    return render_template(
        "surveys/index.html",
        wave=wave,
        next_wave=None if wave else _next_wave(now),
        questions=len(wave.questions) if wave else 0,
    )


def _closed_page(wave: SurveyWave | None, status: int = 200):
    return render_template("surveys/closed.html", wave=wave), status


def _already_page(response: SurveyResponse):
    return render_template("surveys/already.html", response=response, wave=response.wave)


def _link_not_valid():
    return render_template("surveys/link_not_valid.html"), 404


def _continue_url(response: SurveyResponse) -> str:
    answers = answers_by_question(db.session, response)
    questions = response.wave.questions
    question = resume_at(questions, answers) or missing_required(questions, answers)
    if question is not None:
        return url_for("surveys.question", code=question.code)
    return url_for("surveys.identify")


def _begin(response: SurveyResponse):
    session[ANSWERING] = response.id
    session.pop(DONE, None)
    return redirect(_continue_url(response))


def _enter_invitation(invitation: SurveyInvitation):
    wave = invitation.wave
    existing = db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.wave_id == wave.id,
            SurveyResponse.supplier_id == invitation.supplier_id,
        )
    )
    if wave.status != OPEN:
        return _closed_page(wave)
    if existing is not None and existing.state == SUBMITTED:
        return _already_page(existing)
    try:
        response = existing or response_for_invitation(
            db.session, invitation, locale=current_language()
        )
    except SurveyClosedError:
        db.session.rollback()
        return _closed_page(wave)
    db.session.commit()
    return _begin(response)


@bp.get("/survey/i/<token>")
def invitation(token: str):
    found = invitation_for_token(db.session, token)
    if found is None:
        return _link_not_valid()
    return _enter_invitation(found)


@bp.get("/survey/account/answer/<int:wave_id>")
def account_answer(wave_id: int):
    contact = current_contact()
    if contact is None:
        return redirect(url_for("suppliers.sign_in", next=request.path))
    found = db.session.scalar(
        select(SurveyInvitation).where(
            SurveyInvitation.wave_id == wave_id,
            SurveyInvitation.supplier_id == contact.supplier_id,
        )
    )
    if found is None:
        abort(404)
    return _enter_invitation(found)


@bp.post("/survey/account/invitations")
def account_opt_out():
    contact = current_contact()
    if contact is None:
        return redirect(url_for("suppliers.sign_in", next=url_for("suppliers.account")))
    form = AccountOptOutForm()
    if not form.validate_on_submit():
        abort(400)
    if set_opt_out(db.session, contact.supplier_id, bool(form.opted_out.data)):
        db.session.commit()
    if form.opted_out.data:
        flash(_("We will not send your organisation survey invitations."), "success")
    else:
        flash(_("We will send your organisation survey invitations."), "success")
    return redirect(url_for("suppliers.account") + "#survey-invitations")


@bp.route("/survey/start", methods=["GET", "POST"])
@limited
def start():
    wave = open_wave(db.session)
    if wave is None:
        return _closed_page(None, 409 if request.method == "POST" else 200)
    form = OrganisationForm()
    if form.validate_on_submit():
        name = form.organisation_name.data
        email = (form.email.data or "").strip().lower()
        if invitation_matching(db.session, wave, name, email) is not None:
            return render_template("surveys/use_invitation.html", wave=wave)
        try:
            response = start_open_response(
                db.session,
                wave,
                organisation_name=name,
                contact_email=email,
                locale=current_language(),
            )
        except SurveyClosedError:
            db.session.rollback()
            return _closed_page(wave, 409)
        if email:
            issue_resume_link(db.session, response, current_language())
        db.session.commit()
        return _begin(response)
    return render_form("surveys/start.html", form, wave=wave)


def _answering():
    """The response this browser is answering, or a page to show instead."""
    response_id = session.get(ANSWERING)
    response = db.session.get(SurveyResponse, response_id) if response_id else None
    if response is None:
        return None, redirect(url_for("surveys.index"))
    if response.wave.status != OPEN:
        return None, _closed_page(response.wave, 409 if request.method == "POST" else 200)
    if response.state == SUBMITTED:
        return None, _already_page(response)
    return response, None


def _neighbours(applicable: list[SurveyQuestion], question: SurveyQuestion):
    ids = [q.id for q in applicable]
    index = ids.index(question.id)
    before = applicable[index - 1] if index > 0 else None
    after = applicable[index + 1] if index + 1 < len(applicable) else None
    return index, before, after


@bp.route("/survey/question/<code>", methods=["GET", "POST"])
@limited
def question(code: str):
    response, instead = _answering()
    if instead is not None:
        return instead
    questions = response.wave.questions
    current = next((q for q in questions if q.code == code), None)
    if current is None:
        abort(404)
    answers = answers_by_question(db.session, response)
    change = bool(request.args.get("change"))
    if not applies(current, {q.code: q for q in questions}, answers):
        return redirect(_continue_url(response))
    values = answers.get(current.id, [])
    if request.method == "POST":
        form = answer_form(current, values, formdata=request.form)
        saving = bool(request.form.get("save_for_later"))
        if form.validate() or (saving and not form.answer.data):
            try:
                if not saving or form.answer.data:
                    save_answer(db.session, response, current, answer_values(form))
            except SurveyClosedError:
                db.session.rollback()
                return _closed_page(response.wave, 409)
            link = None
            if saving and response.invitation_id is None:
                link = issue_resume_link(db.session, response, response.locale)
            db.session.commit()
            if saving:
                return render_template(
                    "surveys/saved.html",
                    response=response,
                    wave=response.wave,
                    link=None if response.contact_email else link,
                )
            return redirect(_after(response, current, change))
    else:
        form = answer_form(current, values)
    applicable = applicable_questions(questions, answers)
    index, before, _after_question = _neighbours(applicable, current)
    if change:
        back = url_for("surveys.check")
    elif before is not None:
        back = url_for("surveys.question", code=before.code)
    else:
        back = url_for("surveys.index")
    return render_form(
        "surveys/question.html",
        form,
        wave=response.wave,
        question=current,
        number=index + 1,
        total=len(applicable),
        back=back,
        change=change,
        limit=current.max_length,
    )


def _after(response: SurveyResponse, current: SurveyQuestion, change: bool) -> str:
    answers = answers_by_question(db.session, response)
    applicable = applicable_questions(response.wave.questions, answers)
    _index, _before, after = _neighbours(applicable, current)
    if change:
        # A changed answer can bring in a question not yet asked: ask it.
        if after is not None and after.show_if and after.id not in answers:
            return url_for("surveys.question", code=after.code, change=1)
        return url_for("surveys.check")
    if after is not None:
        return url_for("surveys.question", code=after.code)
    return url_for("surveys.identify")


def _gap(response: SurveyResponse):
    answers = answers_by_question(db.session, response)
    missing = missing_required(response.wave.questions, answers)
    if missing is not None:
        return redirect(url_for("surveys.question", code=missing.code))
    return None


@bp.route("/survey/identify", methods=["GET", "POST"])
@limited
def identify():
    response, instead = _answering()
    if instead is not None:
        return instead
    gap = _gap(response)
    if gap is not None:
        return gap
    if request.method == "POST":
        form = IdentifyForm()
        if form.validate_on_submit():
            set_may_identify(db.session, response, form.may_identify.data == "yes")
            db.session.commit()
            return redirect(url_for("surveys.check"))
    else:
        form = IdentifyForm(data={"may_identify": "yes" if response.may_identify else "no"})
    answers = answers_by_question(db.session, response)
    applicable = applicable_questions(response.wave.questions, answers)
    back = (
        url_for("surveys.check")
        if request.args.get("change")
        else url_for("surveys.question", code=applicable[-1].code)
    )
    return render_form(
        "surveys/identify.html", form, wave=response.wave, response=response, back=back
    )


@bp.route("/survey/check", methods=["GET", "POST"])
@limited
def check():
    response_id = session.get(ANSWERING)
    if request.method == "POST" and response_id:
        sent = db.session.get(SurveyResponse, response_id)
        if sent is not None and sent.state == SUBMITTED:
            # A second click after the first sent it.
            session[DONE] = sent.id
            return redirect(url_for("surveys.confirmation"))
    response, instead = _answering()
    if instead is not None:
        return instead
    gap = _gap(response)
    if gap is not None:
        return gap
    form = SubmitSurveyForm()
    if form.validate_on_submit():
        if form.submission_key.data != str(response.id):
            abort(400)
        try:
            submit(db.session, response)
            db.session.commit()
        except SurveyClosedError:
            db.session.rollback()
            return _closed_page(response.wave, 409)
        except AlreadySubmittedError:
            db.session.rollback()
        session[DONE] = response.id
        return redirect(url_for("surveys.confirmation"))
    form.submission_key.data = str(response.id)
    answers = answers_by_question(db.session, response)
    rows = [
        {
            "question": question_text(q),
            "lang": survey_question_lang(q),
            "answer": answer_label(q, answers.get(q.id, [])),
            "href": url_for("surveys.question", code=q.code, change=1),
            "number": number,
        }
        for number, q in enumerate(applicable_questions(response.wave.questions, answers), 1)
    ]
    return render_template(
        "surveys/check.html",
        wave=response.wave,
        form=form,
        rows=rows,
        response=response,
        back=url_for("surveys.identify"),
    )


@bp.get("/survey/confirmation")
def confirmation():
    response_id = session.get(DONE)
    response = db.session.get(SurveyResponse, response_id) if response_id else None
    if response is None or response.state != SUBMITTED:
        return redirect(url_for("surveys.index"))
    reference = (
        db.session.scalar(select(InboxItem.reference).where(InboxItem.id == response.inbox_item_id))
        if response.inbox_item_id
        else None
    )
    return render_template(
        "surveys/confirmation.html", response=response, wave=response.wave, reference=reference
    )


@bp.get("/survey/resume/<token>")
def resume(token: str):
    response = response_for_resume_token(db.session, token)
    if response is None:
        return _link_not_valid()
    if response.wave.status != OPEN:
        return _closed_page(response.wave)
    if response.state == SUBMITTED:
        return _already_page(response)
    return _begin(response)


@bp.route("/survey/opt-out/<token>", methods=["GET", "POST"])
@limited
def opt_out(token: str):
    found = invitation_for_token(db.session, token)
    if found is None:
        return _link_not_valid()
    form = ActionForm()
    if form.validate_on_submit():
        set_opt_out(db.session, found.supplier_id, True)
        db.session.commit()
        return render_template("surveys/opted_out.html")
    return render_template(
        "surveys/opt_out.html",
        form=form,
        already=is_opted_out(db.session, found.supplier_id),
    )


@bp.app_template_global()
def survey_account_panel(supplier_id: int) -> dict:
    """For the supplier's account page: its invitations to open waves, and
    whether it has opted out. Two queries however many waves there are."""
    now = utcnow()
    rows = db.session.execute(
        select(SurveyInvitation, SurveyWave, SurveyResponse.state, SurveyResponse.submitted_at)
        .join(SurveyWave, SurveyWave.id == SurveyInvitation.wave_id)
        .outerjoin(
            SurveyResponse,
            (SurveyResponse.wave_id == SurveyInvitation.wave_id)
            & (SurveyResponse.supplier_id == SurveyInvitation.supplier_id),
        )
        .where(
            SurveyInvitation.supplier_id == supplier_id,
            SurveyWave.confirmed.is_(True),
            SurveyWave.opens_at <= now,
            SurveyWave.closes_at > now,
        )
        .order_by(SurveyWave.opens_at)
    ).all()
    opted_out = is_opted_out(db.session, supplier_id)
    form = AccountOptOutForm(formdata=None, data={"opted_out": opted_out})
    return {
        "invitations": [
            {"wave": wave, "answered": state == SUBMITTED, "submitted_at": submitted_at}
            for _invitation, wave, state, submitted_at in rows
        ],
        "opted_out": opted_out,
        "form": form,
    }


@bp.app_template_global()
def survey_response_for_item(item_id: int) -> SurveyResponse | None:
    """For the inbox item page: the response an item records."""
    return db.session.scalar(select(SurveyResponse).where(SurveyResponse.inbox_item_id == item_id))


# The words of a wave and its questions in the reader's (or the email's) language.
bp.add_app_template_global(wave_title, "survey_wave_title")
bp.add_app_template_global(question_text, "survey_question_text")


@bp.app_template_global()
def survey_question_lang(question: SurveyQuestion) -> str | None:
    """ "en" when a Welsh reader is shown a question staff wrote only in
    English, so screen readers pronounce it as English."""
    return "en" if current_language() == "cy" and not question.text_cy else None
