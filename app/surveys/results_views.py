"""Staff pages for a wave's results, the trends across waves, their
downloads and the "You said, we did" summary.

Any staff role reads results; changing theme tags or the summary asks for
a commissioner with no area limit, or an administrator (the survey is
council-wide). Every download is audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import council_wide_required
from app.core.audit import record_export
from app.core.db import db
from app.core.downloads import download
from app.core.form_pages import render_form
from app.core.paging import page_number
from app.core.spreadsheets import XLSX_MIMETYPE
from app.surveys import admin_bp
from app.surveys import text as survey_text
from app.surveys.disclosure import show_trend
from app.surveys.exports import (
    responses_csv,
    responses_xlsx,
    trends_csv,
    trends_xlsx,
)
from app.surveys.models import CLOSED, SurveyAnswer, SurveyWave
from app.surveys.publication import PublicationError, parse_themes, summary_html
from app.surveys.results import Filters, filter_choices, question_results, wave_summary
from app.surveys.results_forms import PublishForm, ResultsFilterForm, SummaryForm, ThemesForm
from app.surveys.services import publish_summary, save_summary, set_themes, unpublish_summary
from app.surveys.staff_pages import can_change_survey
from app.surveys.text import wave_title
from app.surveys.trends import TREND_WAVES, core_trends, trend_waves


@admin_bp.app_context_processor
def survey_helpers() -> dict:
    # App-wide, so the results partials work wherever a page includes them.
    return {"survey_text": survey_text}


def surveys_index_url() -> str | None:
    """The list of waves, when the portal has one."""
    try:
        return url_for("surveys_admin.index")
    except BuildError:
        return None


def _filters(wave: SurveyWave, source) -> tuple[ResultsFilterForm, Filters]:
    org_types, bands = filter_choices(wave)
    form = ResultsFilterForm(source, org_types=org_types, income_bands=bands)
    org_type = source.get("org_type", "")
    income_band = source.get("income_band", "")
    filters = Filters(
        org_type=org_type if org_type in dict(org_types) else "",
        income_band=income_band if income_band in dict(bands) else "",
        theme=" ".join(source.get("theme", "").split())[:40],
        text_page=page_number(source.get("text_page")),
    )
    return form, filters


def _results_page(wave: SurveyWave, filters_source, theme_error=None, status: int = 200):
    form, filters = _filters(wave, filters_source)
    total, results = question_results(db.session, wave, filters)
    return render_template(
        "surveys/admin/results.html",
        wave=wave,
        form=form,
        filters=filters,
        summary=wave_summary(db.session, wave),
        total=total,
        results=results,
        can_change=can_change_survey(),
        theme_form=ThemesForm(),
        theme_error=theme_error,
        index_url=surveys_index_url(),
    ), status


@admin_bp.get("/<int:wave_id>/results")
def results(wave: SurveyWave):
    return _results_page(wave, request.args)


@admin_bp.post("/<int:wave_id>/answers/<int:survey_answer_id>/themes")
@role_required(Role.COMMISSIONER)
@council_wide_required
def answer_themes(wave: SurveyWave, answer: SurveyAnswer):
    form = ThemesForm()
    back = {
        key: value
        for key in ("org_type", "income_band", "theme", "text_page")
        if (value := (form[key].data or "").strip())
    }
    if not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
        message = _("Themes must be 500 characters or fewer in all")
        return _results_page(wave, back, (answer.id, message), 400)
    try:
        themes = parse_themes(form.themes.data)
    except ValueError as problem:
        message = (
            _("Each theme must be 40 characters or fewer")
            if str(problem) == "too_long"
            else _("Give an answer 10 themes or fewer")
        )
        return _results_page(wave, back, (answer.id, message), 400)
    set_themes(db.session, wave, answer, themes)
    db.session.commit()
    flash(_("Themes saved."), "success")
    url = url_for("surveys_admin.results", wave_id=wave.id)
    if back:
        url += "?" + urlencode(back)
    return redirect(f"{url}#answer-{answer.id}")


@admin_bp.get("/trends")
def trends():
    waves = trend_waves(db.session)
    return render_template(
        "surveys/admin/trends.html",
        waves=waves,
        trends=[show_trend(trend, suppress=False) for trend in core_trends(db.session, waves)],
        index_url=surveys_index_url(),
        limit=TREND_WAVES,
    )


def _record_export(what: str, file_format: str, wave: SurveyWave | None = None, **details):
    """One wave's responses are named by the wave; the trends by the survey."""
    record_export(
        "survey.export",
        obj=wave,
        object_type=None if wave else "survey",
        object_ref=None if wave else "trends",
        summary=f"Exported survey {what} as {file_format}",
        details=details,
    )


def _download(body, mimetype: str, filename: str) -> Response:
    return download(body, filename=filename, mimetype=mimetype)


@admin_bp.get("/<int:wave_id>/results.csv")
def results_csv(wave: SurveyWave):
    _form, filters = _filters(wave, request.args)
    _record_export("responses", "CSV", wave=wave, **filters.query_args())
    return _download(
        responses_csv(db.session, wave, filters), "text/csv", f"survey-{wave.slug}.csv"
    )


@admin_bp.get("/<int:wave_id>/results.xlsx")
def results_xlsx(wave: SurveyWave):
    _form, filters = _filters(wave, request.args)
    _record_export("responses", "XLSX", wave=wave, **filters.query_args())
    return _download(
        responses_xlsx(db.session, wave, filters), XLSX_MIMETYPE, f"survey-{wave.slug}.xlsx"
    )


@admin_bp.get("/trends.csv")
def trends_download_csv():
    waves = trend_waves(db.session)
    _record_export("trends", "CSV", waves=[wave.slug for wave in waves])
    return _download(trends_csv(core_trends(db.session, waves)), "text/csv", "survey-trends.csv")


@admin_bp.get("/trends.xlsx")
def trends_download_xlsx():
    waves = trend_waves(db.session)
    _record_export("trends", "XLSX", waves=[wave.slug for wave in waves])
    return _download(
        trends_xlsx(core_trends(db.session, waves)), XLSX_MIMETYPE, "survey-trends.xlsx"
    )


@admin_bp.route("/<int:wave_id>/summary", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
@council_wide_required
def summary(wave: SurveyWave):
    form = SummaryForm(obj=wave if request.method == "GET" else None)
    if form.validate_on_submit():
        save_summary(db.session, wave, form.you_said.data, form.we_did.data)
        db.session.commit()
        if wave.summary_published_at:
            flash(_("Your changes are saved and published."), "success")
        else:
            flash(_("Saved. It is not published yet."), "success")
        return redirect(url_for("surveys_admin.summary", wave_id=wave.id))
    return render_form(
        "surveys/admin/summary.html",
        form,
        wave=wave,
        publish_form=PublishForm(),
        closed=wave.status == CLOSED,
        saved=bool(wave.you_said.strip() and wave.we_did.strip()),
        you_said=summary_html(wave.you_said),
        we_did=summary_html(wave.we_did),
        title=wave_title(wave),
        index_url=surveys_index_url(),
    )


@admin_bp.post("/<int:wave_id>/summary/publish")
@role_required(Role.COMMISSIONER)
@council_wide_required
def publish(wave: SurveyWave):
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        publish_summary(db.session, wave)
    except PublicationError as problem:
        db.session.rollback()
        if str(problem) == "not_closed":
            flash(_("You can publish “You said, we did” once the wave has closed."), "error")
        else:
            flash(_("Write and save both parts before you publish."), "error")
        return redirect(url_for("surveys_admin.summary", wave_id=wave.id))
    db.session.commit()
    flash(_("“You said, we did” is published on the survey results page."), "success")
    return redirect(url_for("surveys_admin.summary", wave_id=wave.id))


@admin_bp.post("/<int:wave_id>/summary/unpublish")
@role_required(Role.COMMISSIONER)
@council_wide_required
def unpublish(wave: SurveyWave):
    if not PublishForm().validate_on_submit():
        abort(400)
    unpublish_summary(db.session, wave)
    db.session.commit()
    flash(_("“You said, we did” is no longer published."), "success")
    return redirect(url_for("surveys_admin.summary", wave_id=wave.id))
