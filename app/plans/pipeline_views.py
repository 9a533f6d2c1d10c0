"""/admin/plans/pipeline: the plan items a Procurement Act 2023 pipeline
notice must list this reporting period, why each is in or out, the days left
to day 56, and the notice marked as published with its Find a Tender number."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import DataRequired, Length

from app.accounts.access import role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import council_wide_required, may_change_council_wide
from app.core.cpv import search_cpv
from app.core.db import db
from app.core.downloads import download
from app.core.form_pages import render_form
from app.core.forms import GovukSubmitButton, GovukTextInputField, PortalForm
from app.core.london_time import london_today
from app.plans import admin_bp
from app.plans.models import PlanItem
from app.plans.pipeline import (
    changed_since,
    current_period,
    mark_published,
    notice_for,
    notices_needed,
    settings,
    verdicts,
    warning_due,
)
from app.plans.pipeline_export import uk1_csv


class PipelinePublishedForm(PortalForm):
    notice_number = GovukTextInputField(
        _l("Find a Tender notice number"),
        [DataRequired(), Length(max=40)],
        thing=_l("the Find a Tender notice number"),
        description=_l("As Find a Tender shows it once the notice is published."),
    )
    submit = GovukSubmitButton(_l("Mark as published"))


def _verdicts(period):
    stmt = limit_to_areas(select(PlanItem), current_user, PlanItem.service_area_id)
    return verdicts(db.session, period, stmt)


def _render(form: PipelinePublishedForm):
    today = london_today()
    period = current_period(today)
    found = settings(db.session)
    judged = _verdicts(period)
    notice = notice_for(db.session, period)
    qualifying = [v.item for v in judged if v.qualifies]
    return render_form(
        "plans/admin/pipeline.html",
        form,
        period=period,
        today=today,
        days_left=period.days_left(today),
        settings=found,
        needed=notices_needed(found),
        verdicts=judged,
        qualifying=qualifying,
        notice=notice,
        changed=changed_since(notice, qualifying),
        may_mark=may_change_council_wide(),
    )


@admin_bp.get("/pipeline")
def pipeline():
    return _render(PipelinePublishedForm(formdata=None))


@admin_bp.post("/pipeline/published")
@role_required(Role.COMMISSIONER)
@council_wide_required
def pipeline_published():
    form = PipelinePublishedForm()
    if not form.validate_on_submit():
        return _render(form)
    period = current_period()
    number = " ".join(form.notice_number.data.split())
    mark_published(db.session, period, number, current_user)
    db.session.commit()
    flash(_("Pipeline notice %(number)s recorded as published.", number=number), "success")
    return redirect(url_for(".pipeline"))


@admin_bp.get("/pipeline.csv")
def pipeline_csv():
    period = current_period()
    items = [v.item for v in _verdicts(period) if v.qualifies]
    body = "".join(uk1_csv(items, period))
    return download(
        body,
        filename=f"pipeline-notice-{period.start.year}.csv",
        mimetype="text/csv",
        private=True,
    )


@admin_bp.app_template_global()
def pipeline_warning() -> dict | None:
    """For the staff dashboard: from 1 April until the council's pipeline
    notice is recorded as published, the deadline and the days left."""
    if not current_user.is_authenticated:
        return None
    today = london_today()
    period = warning_due(db.session, today)
    if period is None:
        return None
    return {"deadline": period.deadline, "days_left": period.days_left(today)}


@admin_bp.get("/cpv-codes")
def cpv_search():
    """Search the CPV 2008 codes shipped with the portal, by number or words."""
    query = " ".join(request.args.get("q", "").split())[:100]
    return render_template(
        "plans/admin/cpv_search.html", query=query, results=search_cpv(query, limit=50)
    )
