"""Responding: the adult form (about you, question pages, check your
answers) and the young people's version (age band, one question a page).

Answers are kept in a server-side draft between pages, so back links and
change links never lose them; the response itself is made only when the
check-your-answers page is sent, and only if the consultation is still open.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for

from app.consultations import bp
from app.consultations.choices import (
    AGE_BANDS,
    EQUALITY_QUESTIONS,
    FREE_TEXT,
    PREFER_NOT,
    RESPONDENT_TYPES,
    SCALE,
    WITH_CHOICES,
    YOUNG_SCALE_POINTS,
)
from app.consultations.forms import (
    AboutYouForm,
    AgeBandForm,
    SaveForLaterForm,
    SubmitResponseForm,
    answers_from,
    equality_form,
    field_name,
    page_form,
)
from app.consultations.models import OPEN, Consultation
from app.consultations.responding import (
    ADULT,
    YOUNG,
    ConsultationNotOpenError,
    IncompleteResponseError,
    answer_label,
    find_draft,
    missing_answers,
    response_for_key,
)
from app.consultations.safeguarding import screen_answers
from app.consultations.services import (
    commit_response,
    raise_safeguarding_flag,
    save_to_draft,
    send_resume_link,
    start_draft,
    submit_response,
)
from app.consultations.views import public_consultation
from app.core.db import db
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.i18n import current_language

DRAFTS = "consultation_drafts"
DONE = "consultation_done"
ENDPOINTS = {
    ADULT: {
        "start": "consultations.respond",
        "page": "consultations.respond_page",
        "check": "consultations.respond_check",
        "done": "consultations.respond_done",
    },
    YOUNG: {
        "start": "consultations.young_people",
        "page": "consultations.young_people_page",
        "check": "consultations.young_people_check",
        "done": "consultations.young_people_done",
    },
}


def _url(version: str, step: str, consultation: Consultation, **values) -> str:
    return url_for(ENDPOINTS[version][step], slug=consultation.slug, **values)


def _key(consultation: Consultation, version: str) -> str:
    return f"{consultation.id}:{version}"


def _open_consultation(slug: str, version: str):
    """The consultation, or the page to show instead when it is not open."""
    consultation = public_consultation(slug)
    if version == YOUNG and not consultation.young_people_version:
        abort(404)
    if consultation.status != OPEN:
        status = 409 if request.method == "POST" else 200
        return consultation, (
            render_template(
                "consultations/not_open.html",
                consultation=consultation,
                status=consultation.status,
                young=version == YOUNG,
            ),
            status,
        )
    return consultation, None


def _draft(consultation: Consultation, version: str, create: bool = False):
    token = session.get(DRAFTS, {}).get(_key(consultation, version))
    draft = find_draft(db.session, token, consultation, version)
    if draft is None and create:
        draft, token = start_draft(db.session, consultation, version)
        drafts = dict(session.get(DRAFTS, {}))
        drafts[_key(consultation, version)] = token
        session[DRAFTS] = drafts
    return draft


def _template(version: str, name: str) -> str:
    return f"consultations/{'young' if version == YOUNG else 'respond'}/{name}.html"


def start(slug: str, version: str):
    consultation, closed = _open_consultation(slug, version)
    if closed:
        return closed
    draft = _draft(consultation, version)
    about = (draft.data.get("about") if draft else None) or {}
    form = AgeBandForm(data=about) if version == YOUNG else AboutYouForm(data=about)
    if form.validate_on_submit():
        draft = draft or _draft(consultation, version, create=True)
        if version == YOUNG:
            save_to_draft(draft, about={"age_band": form.age_band.data})
        else:
            save_to_draft(draft, about=form.to_data())
        db.session.commit()
        if request.args.get("change"):
            return redirect(_url(version, "check", consultation))
        if not consultation.questions:
            return redirect(_after_questions(consultation, version, draft))
        return redirect(_url(version, "page", consultation, number=1))
    return render_form(
        _template(version, "start"),
        form,
        consultation=consultation,
        version=version,
        pages=len(consultation.pages(young=version == YOUNG)),
    )


def question_page(slug: str, number: int, version: str):
    consultation, closed = _open_consultation(slug, version)
    if closed:
        return closed
    pages = consultation.pages(young=version == YOUNG)
    if not 1 <= number <= len(pages):
        abort(404)
    draft = _draft(consultation, version)
    if draft is None or missing_answers(consultation, version, draft.data) == -1:
        return redirect(_url(version, "start", consultation))
    answers = draft.data.get("answers") or {}
    # Only the questions asked, given the answers so far (simple routing).
    questions = consultation.asked(pages[number - 1], answers)
    if not questions:
        if request.args.get("change"):
            return redirect(_url(version, "check", consultation))
        return redirect(_next_url(consultation, version, draft, number))
    form = page_form(
        questions,
        version == YOUNG,
        answers,
        formdata=request.form if request.method == "POST" else None,
    )
    if request.method == "POST" and version == ADULT and request.form.get("save_for_later"):
        # Keep what is valid on this page; required answers can wait.
        form.validate()
        given = answers_from(form, questions)
        save_to_draft(
            draft,
            answers={
                qid: value
                for qid, value in given.items()
                if not form[f"q{qid}"].errors or value is None
            },
        )
        db.session.commit()
        return redirect(url_for("consultations.respond_save", slug=consultation.slug))
    if request.method == "POST" and form.validate():
        save_to_draft(draft, answers=answers_from(form, questions))
        db.session.commit()
        if request.args.get("change"):
            return redirect(_url(version, "check", consultation))
        return redirect(_next_url(consultation, version, draft, number))
    earlier = _asked_pages(consultation, version, answers)
    earlier = [page for page in earlier if page < number]
    back = (
        _url(version, "page", consultation, number=earlier[-1])
        if earlier
        else _url(version, "start", consultation)
    )
    return render_form(
        _template(version, "page"),
        form,
        consultation=consultation,
        questions=questions,
        field_name=field_name,
        number=number,
        pages=len(pages),
        back=back,
        version=version,
        free_text=FREE_TEXT,
        change=bool(request.args.get("change")),
    )


def _asked_pages(consultation: Consultation, version: str, answers: dict) -> list[int]:
    """The numbers (from 1) of the pages with a question asked, given the answers."""
    return [
        number
        for number, questions in enumerate(consultation.pages(young=version == YOUNG), 1)
        if consultation.asked(questions, answers)
    ]


def _next_url(consultation: Consultation, version: str, draft, number: int) -> str:
    """The next page with a question asked, or what comes after the questions."""
    answers = draft.data.get("answers") or {}
    later = [page for page in _asked_pages(consultation, version, answers) if page > number]
    if later:
        return _url(version, "page", consultation, number=later[0])
    return _after_questions(consultation, version, draft)


def _last_page_url(consultation: Consultation, version: str, draft) -> str:
    asked = _asked_pages(consultation, version, draft.data.get("answers") or {})
    if asked:
        return _url(version, "page", consultation, number=asked[-1])
    return _url(version, "start", consultation)


def _asks_equality(version: str, draft) -> bool:
    """Equality questions are about a person: never asked of an organisation."""
    about = draft.data.get("about") or {}
    return version == ADULT and about.get("respondent_type") != "organisation"


def _after_questions(consultation: Consultation, version: str, draft) -> str:
    if _asks_equality(version, draft):
        return url_for("consultations.respond_equality", slug=consultation.slug)
    return _url(version, "check", consultation)


def equality(slug: str):
    """Optional equality monitoring, kept apart from the answers when sent."""
    consultation, closed = _open_consultation(slug, ADULT)
    if closed:
        return closed
    draft = _draft(consultation, ADULT)
    if draft is None or missing_answers(consultation, ADULT, draft.data) is not None:
        return redirect(_url(ADULT, "start", consultation))
    if not _asks_equality(ADULT, draft):
        return redirect(_url(ADULT, "check", consultation))
    if request.method == "POST":
        form = equality_form(formdata=request.form)
        if form.validate_on_submit():
            save_to_draft(
                draft, equality={name: form[name].data or None for name in EQUALITY_QUESTIONS}
            )
            db.session.commit()
            return redirect(_url(ADULT, "check", consultation))
    else:
        form = equality_form(data=draft.data.get("equality") or {})
    return render_form(
        "consultations/respond/equality.html",
        form,
        consultation=consultation,
        names=list(EQUALITY_QUESTIONS),
        skip=_url(ADULT, "check", consultation),
        back=_last_page_url(consultation, ADULT, draft),
    )


def _equality_rows(draft) -> list[dict]:
    answers = draft.data.get("equality") or {}
    rows = []
    for name, (label, options) in EQUALITY_QUESTIONS.items():
        labels = dict([*options, PREFER_NOT])
        rows.append({"question": label, "answer": labels.get(answers.get(name), "")})
    return rows


def _summary_rows(consultation: Consultation, version: str, draft) -> list[dict]:
    young = version == YOUNG
    answers = draft.data.get("answers") or {}
    rows = []
    for number, questions in enumerate(consultation.pages(young=young), 1):
        for question in consultation.asked(questions, answers):
            value = answers.get(str(question.id))
            label = answer_label(question, value, young, language=None)
            if young and question.kind == SCALE and value:
                label = str(YOUNG_SCALE_POINTS.get(value, value))
            shown = question.shown("text", young)
            chosen = value if isinstance(value, list) else [value]
            rows.append(
                {
                    "question": shown.text,
                    # lang="en" on the question when a Welsh reader sees English.
                    "lang": shown.lang,
                    "answer": label,
                    "answer_in_english": question.kind in WITH_CHOICES
                    and any(question.option_falls_back(str(v)) for v in chosen if v),
                    "href": _url(version, "page", consultation, number=number, change=1),
                    "id": field_name(question),
                }
            )
    return rows


def check(slug: str, version: str):
    consultation, closed = _open_consultation(slug, version)
    form = SubmitResponseForm()
    draft = _draft(consultation, version)
    if request.method == "POST" and draft is None:
        # A second click, after the first made the response (and used up
        # the draft): show that one.
        already = response_for_key(db.session, request.form.get("submission_key", ""))
        if already is not None and already.consultation_id == consultation.id:
            _remember_done(_key(consultation, version), already.reference)
            return redirect(_url(version, "done", consultation))
    if closed:
        return closed
    if draft is None:
        return redirect(_url(version, "start", consultation))
    gap = missing_answers(consultation, version, draft.data)
    if gap is not None:
        if gap == -1:
            return redirect(_url(version, "start", consultation))
        return redirect(_url(version, "page", consultation, number=gap + 1))
    if form.validate_on_submit():
        if form.submission_key.data != draft.token_hash:
            abort(400)
        return _submit(consultation, version, draft)
    form.submission_key.data = draft.token_hash
    about = draft.data.get("about") or {}
    return render_template(
        _template(version, "check"),
        consultation=consultation,
        form=form,
        rows=_summary_rows(consultation, version, draft),
        about=about,
        respondent_types=RESPONDENT_TYPES,
        age_bands=AGE_BANDS,
        version=version,
        change_about=_url(version, "start", consultation, change=1),
        equality_rows=_equality_rows(draft) if _asks_equality(version, draft) else [],
        change_equality=url_for("consultations.respond_equality", slug=consultation.slug),
        back=_after_questions(consultation, version, draft)
        if version == ADULT
        else _last_page_url(consultation, version, draft),
    )


def _submit(consultation: Consultation, version: str, draft):
    token = draft.token_hash
    # Read now: the commit expires them, and reading one afterwards would load
    # the consultation, its questions and the response again.
    key, done_url = _key(consultation, version), _url(version, "done", consultation)
    answers = draft.data.get("answers") or {}
    # Only the answers that will be kept: those to questions asked.
    asked = {str(q.id) for q in consultation.asked(consultation.questions, answers)}
    flagged = screen_answers(
        db.session, consultation, {k: v for k, v in answers.items() if k in asked}
    )

    def make():
        response = submit_response(
            db.session, consultation, draft, locale=current_language(), safeguarding=flagged
        )
        if flagged:
            raise_safeguarding_flag(db.session, consultation, response)
        made.append(response.reference)
        return response

    made: list[str] = []
    try:
        response = commit_response(db.session, make)
    except ConsultationNotOpenError:
        db.session.rollback()
        return render_template(
            "consultations/not_open.html",
            consultation=consultation,
            status=consultation.status,
            young=version == YOUNG,
            refused=True,
        ), 409
    except IncompleteResponseError:
        db.session.rollback()
        return redirect(_url(version, "check", consultation))
    if response is None:
        response = response_for_key(db.session, token)
        if response is None:
            abort(409)
        reference = response.reference
    else:
        reference = made[-1]
    current_app.logger.info("consultation %s response %s", key, reference)
    _remember_done(key, reference)
    return redirect(done_url)


def _remember_done(key: str, reference: str) -> None:
    drafts = dict(session.get(DRAFTS, {}))
    drafts.pop(key, None)
    session[DRAFTS] = drafts
    done = dict(session.get(DONE, {}))
    done[key] = reference
    session[DONE] = done


def done(slug: str, version: str):
    consultation = public_consultation(slug)
    reference = session.get(DONE, {}).get(_key(consultation, version))
    if not reference:
        return redirect(url_for("consultations.detail", slug=consultation.slug))
    return render_template(
        _template(version, "done"),
        consultation=consultation,
        reference=reference,
        version=version,
    )


def _register() -> None:
    rate = limiter.limit(
        lambda: current_app.config.get("CONSULTATION_RATE_LIMIT", "20 per minute; 200 per hour"),
        methods=["POST"],
    )
    for version, prefix in ((ADULT, "respond"), (YOUNG, "young-people")):
        base = f"/consultations/<slug>/{prefix}"
        names = ENDPOINTS[version]
        for step, rule, view, methods in (
            ("start", base, start, ["GET", "POST"]),
            ("page", f"{base}/questions/<int:number>", question_page, ["GET", "POST"]),
            ("check", f"{base}/check", rate(check), ["GET", "POST"]),
            ("done", f"{base}/confirmation", done, ["GET"]),
        ):
            bp.add_url_rule(
                rule,
                endpoint=names[step].split(".", 1)[1],
                view_func=view,
                methods=methods,
                defaults={"version": version},
            )


def save_for_later(slug: str):
    consultation, closed = _open_consultation(slug, ADULT)
    if closed:
        return closed
    draft = _draft(consultation, ADULT)
    if draft is None:
        return redirect(_url(ADULT, "start", consultation))
    about = draft.data.get("about") or {}
    form = SaveForLaterForm(data={"email": about.get("email", "")})
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        token = session.get(DRAFTS, {}).get(_key(consultation, ADULT))
        send_resume_link(db.session, consultation, draft, token, email, current_language())
        db.session.commit()
        return render_template(
            "consultations/respond/saved.html",
            consultation=consultation,
            email=email,
            expires_at=draft.expires_at,
        )
    return render_form(
        "consultations/respond/save.html",
        form,
        consultation=consultation,
        back=request.referrer
        # The portal's own address, not the request's Host, which the sender chooses.
        if request.referrer
        and request.referrer.startswith(current_app.config["PUBLIC_BASE_URL"] + "/")
        else _url(ADULT, "start", consultation),
    )


def resume(slug: str, token: str):
    consultation = public_consultation(slug)
    draft = find_draft(db.session, token, consultation, ADULT)
    if draft is None:
        return render_template("consultations/respond/expired.html", consultation=consultation), 410
    drafts = dict(session.get(DRAFTS, {}))
    drafts[_key(consultation, ADULT)] = token
    session[DRAFTS] = drafts
    gap = missing_answers(consultation, ADULT, draft.data)
    if gap == -1:
        return redirect(_url(ADULT, "start", consultation))
    if gap is not None:
        return redirect(_url(ADULT, "page", consultation, number=gap + 1))
    return redirect(_url(ADULT, "check", consultation))


_register()
bp.add_url_rule(
    "/consultations/<slug>/respond/save",
    endpoint="respond_save",
    view_func=limiter.limit(
        lambda: current_app.config.get("CONSULTATION_RATE_LIMIT", "20 per minute; 200 per hour"),
        methods=["POST"],
    )(save_for_later),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/consultations/<slug>/respond/resume/<token>",
    endpoint="respond_resume",
    view_func=resume,
)
bp.add_url_rule(
    "/consultations/<slug>/respond/equality",
    endpoint="respond_equality",
    view_func=equality,
    methods=["GET", "POST"],
)
