"""/admin/subject-access: find everything the portal holds about one person,
download it for them, and log their request in the inbox."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.subject_access import Findings, log_request, search
from app.admin.subject_access_forms import LogRequestForm, SearchForm
from app.core.audit import record_export, record_view
from app.core.db import db
from app.core.downloads import download
from app.core.form_pages import render_form
from app.core.formatting import ukdate
from app.core.london_time import london_today
from app.core.personal_data import NeedleError, parse_needle


def _audit_details(findings: Findings) -> dict:
    # What was searched for is the person: only its kind and the count are kept.
    return {"query_kind": findings.needle.kind, "count": findings.total}


@bp.get("/subject-access")
def subject_access():
    form = SearchForm(request.args)
    findings = log_form = None
    if "q" in request.args and form.validate():
        findings = search(db.session, form.needle)
        record_view(
            "subject_access.search",
            object_type="subject_access",
            summary="Searched for what the portal holds about a person",
            details=_audit_details(findings),
        )
        log_form = LogRequestForm(
            data={"email": findings.needle.email or "", "received": london_today()}
        )
    return render_form("admin/subject_access.html", form, findings=findings, log_form=log_form)


def _findings_or_none() -> Findings | None:
    try:
        needle = parse_needle(request.args.get("q"))
    except NeedleError:
        return None
    return search(db.session, needle)


def _recorded(findings: Findings, file_format: str) -> None:
    # After the search, so the entry can say how much went out; before the
    # file is made, so a download that fails part-way is still on record.
    record_export(
        "subject_access.export",
        object_type="subject_access",
        summary=f"Downloaded a subject access report as {file_format}",
        details=_audit_details(findings),
    )


@bp.get("/subject-access/report.html")
def subject_access_report():
    findings = _findings_or_none()
    if findings is None:
        return redirect(url_for(".subject_access", q=request.args.get("q", "")))
    _recorded(findings, "HTML")
    body = render_template("admin/subject_access_report.html", findings=findings)
    return download(body, filename="subject-access-report.html", mimetype="text/html", private=True)


@bp.get("/subject-access/report.json")
def subject_access_json():
    findings = _findings_or_none()
    if findings is None:
        return redirect(url_for(".subject_access", q=request.args.get("q", "")))
    _recorded(findings, "JSON")
    body = json.dumps(findings.as_json(), ensure_ascii=False, indent=2)
    return download(
        body, filename="subject-access-report.json", mimetype="application/json", private=True
    )


@bp.post("/subject-access/requests")
def log_subject_access_request():
    form = LogRequestForm()
    if not form.validate_on_submit():
        return render_form("admin/subject_access_log.html", form, q=request.args.get("q", ""))
    item = log_request(db.session, form.email.data, form.received.data)
    db.session.commit()
    flash(
        _(
            "Subject access request %(reference)s logged. It is due by %(due)s.",
            reference=item.reference,
            due=ukdate(item.due_on),
        ),
        "success",
    )
    return redirect(url_for("inbox.item", reference=item.reference))
