"""Staff pages for the services open to challenge, their submission windows,
exclusions and the council's published periods: /admin/challenge-services.

A service lies in its service area: staff limited to some areas see, add and
change services only in those. A service can be left with no area (removing a
service area from the council's list empties it): such a service belongs to
the whole council, so only staff with no area limit see and manage it, just
as only they see inbox items with no area. Whoever edits it next gives it an
area, as the form requires one.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import Loader, areas_for, by_id, guard_staff_blueprint
from app.challenges import admin_bp
from app.challenges.admin_forms import RemoveWindowForm, ServiceForm, WindowForm
from app.challenges.catalogue import overlapping
from app.challenges.choices import EXCLUSION_CITATIONS, EXCLUSION_LABELS
from app.challenges.models import ChallengeService, ChallengeWindow
from app.challenges.services import add_window, create_service, remove_window, update_service
from app.challenges.windows import availability, council_today
from app.core.db import db
from app.core.form_pages import render_form, save_changes

# A service with no area (None) is outside every limited reader's areas.
guard_staff_blueprint(
    admin_bp,
    {
        "service_id": Loader(
            "service", by_id(ChallengeService), area=lambda service: service.service_area_id
        ),
        "window_id": Loader(
            "window",
            by_id(ChallengeWindow, parent="service"),
            area=lambda window: window.service.service_area_id,
        ),
    },
)


def _form(**kwargs) -> ServiceForm:
    form = ServiceForm(**kwargs)
    # Staff limited to some areas add services only in those, and cannot move
    # one elsewhere: they would lose sight of it.
    areas = areas_for(db.session)
    form.service_area_id.choices = [("", _("Select a service area"))] + [
        (area.id, area.name) for area in areas
    ]
    return form


@admin_bp.get("/")
def index():
    services = db.session.scalars(
        limit_to_areas(
            select(ChallengeService), current_user, ChallengeService.service_area_id
        ).order_by(ChallengeService.name)
    ).all()
    today = council_today()
    return render_template(
        "challenges/admin/index.html",
        services=services,
        states={service.id: availability(service, today) for service in services},
    )


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new():
    form = _form(decision_period_days=90, procurement_min_months=3, procurement_max_months=12)
    if form.validate_on_submit():
        service = create_service(db.session, form.to_data())
        db.session.commit()
        flash(_("Service added. Add its submission windows, if it has any."), "success")
        return redirect(url_for(".show", service_id=service.id))
    return _render_form(form, None)


def _render_form(form: ServiceForm, service: ChallengeService | None):
    return render_form(
        "challenges/admin/form.html",
        form,
        service=service,
        exclusion_citations=EXCLUSION_CITATIONS,
    )


@admin_bp.get("/<int:service_id>")
def show(service: ChallengeService):
    return _render_show(service)


def _render_show(service: ChallengeService, window_form: WindowForm | None = None, status=200):
    return (
        render_template(
            "challenges/admin/show.html",
            service=service,
            state=availability(service, council_today()),
            exclusions=EXCLUSION_LABELS,
            exclusion_citations=EXCLUSION_CITATIONS,
            window_form=window_form or WindowForm(),
            remove_form=RemoveWindowForm(),
            form=window_form if window_form and window_form.errors else None,
        ),
        status,
    )


@admin_bp.route("/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit(service: ChallengeService):
    form = _form(obj=service) if request.method == "GET" else _form()
    if form.validate_on_submit():
        save_changes(db.session, update_service(db.session, service, form.to_data()))
        return redirect(url_for(".show", service_id=service.id))
    return _render_form(form, service)


@admin_bp.post("/<int:service_id>/windows")
@role_required(Role.COMMISSIONER)
def add_window_view(service: ChallengeService):
    form = WindowForm()
    if form.validate_on_submit():
        if overlapping(service, form.opens_on.data, form.closes_on.data):
            form.opens_on.errors.append(_("The window overlaps one the service already has"))
        else:
            add_window(db.session, service, form.opens_on.data, form.closes_on.data)
            db.session.commit()
            flash(_("Window added."), "success")
            return redirect(url_for(".show", service_id=service.id))
    return _render_show(service, form, 400)


@admin_bp.post("/<int:service_id>/windows/<int:window_id>/remove")
@role_required(Role.COMMISSIONER)
def remove_window_view(service: ChallengeService, window: ChallengeWindow):
    if not RemoveWindowForm().validate_on_submit():
        abort(400)
    remove_window(db.session, service, window)
    db.session.commit()
    flash(_("Window removed."), "success")
    return redirect(url_for(".show", service_id=service.id))
