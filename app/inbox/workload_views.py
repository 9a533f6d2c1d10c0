"""/inbox/workload: open items per person and per service area, each figure
a link to the inbox showing exactly those items."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.areas import area_ids
from app.accounts.models import Role, StaffUser
from app.core.db import db
from app.core.i18n import current_language
from app.core.models import ServiceArea
from app.inbox import bp
from app.inbox.search import AGE_BANDS, NO_AREA, today
from app.inbox.workload import COLUMNS, workload

HEADINGS = {
    "open": _l("Open"),
    "under_7": _l("Under 7 days old"),
    "7_to_27": _l("7 to 27 days old"),
    "28_plus": _l("28 days old or more"),
    "overdue": _l("Overdue"),
    "today": _l("Due today"),
    "later": _l("Due later"),
    "none": _l("No due date"),
}


def _link(column: str, **where) -> str:
    args = {"open": "1", **where}
    if column in AGE_BANDS:
        args["age"] = column
    elif column != "open":
        args["due"] = column
    return url_for("inbox.index", **args)


def _area_order(areas: dict[int, ServiceArea], key: int | None) -> str:
    return areas[key].name.lower() if key in areas else ""


@bp.get("/inbox/workload")
@role_required(Role.COMMISSIONER)
def workload_page():
    limit = area_ids(current_user)
    day = today()
    people = workload(db.session, "person", day, limit)
    areas = workload(db.session, "area", day, limit)
    staff_ids = [row.key for row in people if row.key is not None]
    names = dict(
        db.session.execute(
            select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(staff_ids))
        ).all()
    )
    area_rows = {area.id: area for area in db.session.scalars(select(ServiceArea))}
    language = current_language()
    person_table = []
    for row in sorted(people, key=lambda r: (r.key is None, names.get(r.key, "").lower())):
        where = {"assignee": str(row.key) if row.key is not None else "unassigned"}
        label = names.get(row.key, "") if row.key is not None else _l("Unassigned")
        person_table.append((label, row, {c: _link(c, **where) for c in COLUMNS}))
    area_table = []
    for row in sorted(areas, key=lambda r: (r.key is None, _area_order(area_rows, r.key))):
        area = area_rows.get(row.key)
        label = area.localised_name(language) if area else _l("No service area")
        where = {"area": area.slug if area else NO_AREA}
        area_table.append((label, row, {c: _link(c, **where) for c in COLUMNS}))
    return render_template(
        "inbox/workload.html",
        tables=[
            ("people", _l("Open items by person"), _l("Person"), person_table),
            ("areas", _l("Open items by service area"), _l("Service area"), area_table),
        ],
        columns=COLUMNS,
        headings=HEADINGS,
        today=day,
    )
