"""Staff pages for keeping the forward plan current, under /admin/plans."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import check_role, role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import Loader, areas_for, by_id, guard_staff_blueprint
from app.core.db import db
from app.core.form_pages import render_form, save_changes
from app.core.paging import page_number
from app.plans import admin_bp
from app.plans.choices import (
    COMMISSIONING_ROUTES,
    CYCLE_STAGES,
    PROCUREMENT_ROUTES,
    SOCIAL_VALUE_PRIORITIES,
    STATUSES,
)
from app.plans.forms import LotForm, PlanItemForm, StatusForm
from app.plans.models import PlanItem, PlanLot
from app.plans.search import matching_words
from app.plans.services import (
    add_lot,
    create_plan,
    remove_lot,
    set_status,
    update_lot,
    update_plan,
)

STATUS_ACTIONS = {
    "publish": ("published", Role.COMMISSIONER),
    "withdraw": ("withdrawn", Role.COMMISSIONER),
    "unpublish": ("draft", Role.COMMISSIONER),
}


def _area_of_lot(lot: PlanLot) -> int:
    # The plan item is loaded first (a lot is found only under it), so this
    # reads it from the session without a query.
    return lot.plan_item.service_area_id


guard_staff_blueprint(
    admin_bp,
    {
        "item_id": Loader("item", by_id(PlanItem), area=lambda item: item.service_area_id),
        "lot_id": Loader(
            "lot", by_id(PlanLot, parent="item", parent_key="plan_item_id"), area=_area_of_lot
        ),
    },
)


def _form(**kwargs) -> PlanItemForm:
    form = PlanItemForm(**kwargs)
    # Staff limited to some areas file plan items only in those.
    areas = areas_for(db.session)
    form.service_area_id.choices = [("", _("Select a service area"))] + [
        (area.id, area.name) for area in areas
    ]
    return form


@admin_bp.get("/")
def index():
    status = request.args.get("status", "")
    q = " ".join(request.args.get("q", "").split())[:200]
    stmt = limit_to_areas(select(PlanItem), current_user, PlanItem.service_area_id)
    if status in STATUSES:
        stmt = stmt.where(PlanItem.status == status)
    stmt = matching_words(stmt, q)
    per_page = 50
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = page_number(request.args.get("page"), last=pages)
    items = db.session.scalars(
        stmt.order_by(PlanItem.updated_at.desc(), PlanItem.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    counts = dict(
        db.session.execute(
            limit_to_areas(
                select(PlanItem.status, func.count()), current_user, PlanItem.service_area_id
            ).group_by(PlanItem.status)
        ).all()
    )
    return render_template(
        "plans/admin/index.html",
        items=items,
        total=total,
        page=page,
        pages=pages,
        status=status if status in STATUSES else "",
        q=q,
        statuses=STATUSES,
        counts=counts,
    )


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new():
    form = _form()
    if form.validate_on_submit():
        item = create_plan(db.session, form.to_data())
        db.session.commit()
        flash(_("Draft saved. It is not public until you publish it."), "success")
        return redirect(url_for(".show", item_id=item.id))
    return _render_form(form, None)


@admin_bp.get("/<int:item_id>")
def show(item: PlanItem):
    return render_template(
        "plans/admin/show.html",
        item=item,
        status_form=StatusForm(),
        statuses=STATUSES,
        commissioning_routes=COMMISSIONING_ROUTES,
        cycle_stages=CYCLE_STAGES,
        procurement_routes=PROCUREMENT_ROUTES,
        social_value=SOCIAL_VALUE_PRIORITIES,
    )


@admin_bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit(item: PlanItem):
    form = _form()
    if request.method == "GET":
        form.fill_from(item)
    if form.validate_on_submit():
        save_changes(db.session, update_plan(db.session, item, form.to_data()))
        return redirect(url_for(".show", item_id=item.id))
    return _render_form(form, item)


def _render_form(form: PlanItemForm, item: PlanItem | None):
    return render_form("plans/admin/form.html", form, item=item)


@admin_bp.post("/<int:item_id>/status")
@role_required(Role.COMMISSIONER)
def change_status(item: PlanItem):
    form = StatusForm()
    action = request.form.get("action", "")
    if not form.validate_on_submit() or action not in STATUS_ACTIONS:
        abort(400)
    status, minimum = STATUS_ACTIONS[action]
    check_role(minimum)
    if set_status(db.session, item, status):
        db.session.commit()
        messages = {
            "published": _("Published. The plan item is now public."),
            "withdrawn": _("Withdrawn. The plan item is no longer public."),
            "draft": _("Returned to draft. The plan item is no longer public."),
        }
        flash(messages[status], "success")
    current_app.logger.info("plan %s status %s", item.slug, status)
    return redirect(url_for(".show", item_id=item.id))


# -- The lots section: each lot has its own page to add or change it, and a
# button on the plan item's page removes it.


def _lots_url(item: PlanItem) -> str:
    return url_for(".show", item_id=item.id) + "#lots"


@admin_bp.route("/<int:item_id>/lots/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new_lot(item: PlanItem):
    form = LotForm()
    if form.validate_on_submit():
        add_lot(db.session, item, form.to_data())
        db.session.commit()
        flash(_("Lot added."), "success")
        return redirect(_lots_url(item))
    return render_form("plans/admin/lot_form.html", form, item=item, lot=None)


@admin_bp.route("/<int:item_id>/lots/<int:lot_id>", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit_lot(item: PlanItem, lot: PlanLot):
    form = LotForm()
    if request.method == "GET":
        form.fill_from(lot)
    if form.validate_on_submit():
        save_changes(db.session, update_lot(db.session, lot, form.to_data()))
        return redirect(_lots_url(item))
    return render_form("plans/admin/lot_form.html", form, item=item, lot=lot)


@admin_bp.post("/<int:item_id>/lots/<int:lot_id>/remove")
@role_required(Role.COMMISSIONER)
def remove_lot_view(item: PlanItem, lot: PlanLot):
    if not StatusForm().validate_on_submit():
        abort(400)
    remove_lot(db.session, lot)
    db.session.commit()
    flash(_("Lot removed."), "success")
    return redirect(_lots_url(item))
