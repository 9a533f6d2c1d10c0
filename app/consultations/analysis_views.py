"""The analysis page and the response downloads, for anyone who may read
consultations (viewers included); every download is audited."""

from __future__ import annotations

from collections.abc import Iterator

from flask import request

from app.consultations import admin_bp
from app.consultations.analysis import (
    GROUPINGS,
    Filters,
    analyse,
    cross_tabulate,
    equality_totals,
)
from app.consultations.choices import RESPONDENT_TYPES, VERSIONS
from app.consultations.exports import (
    equality_csv,
    pseudonymised_csv_lines,
    responses_csv_lines,
    responses_xlsx,
)
from app.consultations.forms import AnalysisFilterForm
from app.consultations.models import Consultation
from app.core.audit import record_export
from app.core.db import db
from app.core.downloads import download
from app.core.form_pages import render_form
from app.core.spreadsheets import XLSX_MIMETYPE


def _filters() -> tuple[AnalysisFilterForm, Filters]:
    form = AnalysisFilterForm(request.args)
    form.validate()
    filters = Filters(
        version=form.version.data if form.version.data in VERSIONS else "",
        respondent=form.respondent.data if form.respondent.data in RESPONDENT_TYPES else "",
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        group_by=form.group_by.data if form.group_by.data in GROUPINGS else "",
        text_page=request.args.get("text_page", 1, type=int) or 1,
    )
    return form, filters


@admin_bp.get("/<int:consultation_id>/analysis")
def analysis(consultation: Consultation):
    form, filters = _filters()
    total, results = analyse(db.session, consultation, filters)
    return render_form(
        "consultations/admin/analysis.html",
        form,
        consultation=consultation,
        filters=filters,
        total=total,
        results=results,
        versions=VERSIONS,
        query=request.query_string.decode(),
        # The filters as given, for the links to other pages of free text.
        page_args={key: values for key, values in request.args.lists() if key != "text_page"},
        equality=equality_totals(db.session, consultation),
        cross_tabs={
            table.question.id: table for table in cross_tabulate(db.session, consultation, filters)
        },
    )


def _record_export(consultation: Consultation, file_format: str, filters: Filters) -> None:
    record_export(
        "consultation.export",
        obj=consultation,
        summary=f"Exported consultation responses as {file_format}",
        details={"filters": filters.query_args()},
    )


def _streamed(lines, consultation_id: int, filters: Filters) -> Iterator[str]:
    """The file's lines, made as the server sends them, a batch of responses
    at a time, so memory stays the same at any size. The view's session is
    gone by then: the consultation is read again in the download's context."""
    consultation = db.session.get(Consultation, consultation_id)
    yield from lines(db.session, consultation, filters)


@admin_bp.get("/<int:consultation_id>/responses.csv")
def export_csv(consultation: Consultation):
    _form, filters = _filters()
    _record_export(consultation, "CSV", filters)
    body = _streamed(responses_csv_lines, consultation.id, filters)
    return download(body, filename=f"{consultation.slug}.csv", mimetype="text/csv")


@admin_bp.get("/<int:consultation_id>/responses.xlsx")
def export_xlsx(consultation: Consultation):
    _form, filters = _filters()
    _record_export(consultation, "XLSX", filters)
    body = responses_xlsx(db.session, consultation, filters)
    return download(body, filename=f"{consultation.slug}.xlsx", mimetype=XLSX_MIMETYPE)


@admin_bp.get("/<int:consultation_id>/responses-pseudonymised.csv")
def export_pseudonymised(consultation: Consultation):
    _form, filters = _filters()
    _record_export(consultation, "pseudonymised CSV", filters)
    body = _streamed(pseudonymised_csv_lines, consultation.id, filters)
    return download(body, filename=f"{consultation.slug}-pseudonymised.csv", mimetype="text/csv")


@admin_bp.get("/<int:consultation_id>/equality.csv")
def export_equality(consultation: Consultation):
    _record_export(consultation, "equality totals CSV", Filters())
    body = equality_csv(equality_totals(db.session, consultation))
    return download(body, filename=f"{consultation.slug}-equality.csv", mimetype="text/csv")
