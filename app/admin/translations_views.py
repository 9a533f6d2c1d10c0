"""The translator's page, /admin/translations: every item whose Welsh is
missing or out of date (its English changed after the Welsh was written),
with a link to where staff write it.

It lists every model that mixes in `app.core.bilingual.Bilingual`, found in
the model registry, so a new kind of staff-written text appears here without
a change to this page. Any member of staff may read it; each sees only the
items of their own service areas, and writing the Welsh needs the role the
item's own edit page asks for. One query per kind, whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_login import current_user

from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import guard_staff_blueprint
from app.core.bilingual import Bilingual, bilingual_models
from app.core.db import db

bp = Blueprint("translations", __name__, template_folder="templates")
guard_staff_blueprint(bp, minimum=Role.VIEWER)

STATES = ("missing", "out_of_date")
# More than this many of one kind is a backlog: the page says so, and shows the oldest.
PER_KIND = 100


@dataclass
class Kind:
    key: str
    label: str
    items: list[Bilingual]
    more: bool


def _key(model: type[Bilingual]) -> str:
    return model.__tablename__


def _wanted(model: type[Bilingual], state: str, limit: int) -> tuple[list[Bilingual], bool]:
    stmt, area_column = model.translation_select()
    if area_column is not None:
        stmt = limit_to_areas(stmt, current_user, area_column)
    stmt = stmt.where(model.welsh_state_sql(state) if state else model.needs_welsh())
    rows = list(
        db.session.scalars(
            stmt.order_by(model.english_changed_at.asc().nulls_first(), model.id).limit(limit + 1)
        ).unique()
    )
    return rows[:limit], len(rows) > limit


@bp.get("/")
def index():
    models = bilingual_models(db.Model.registry)
    state = request.args.get("state", "")
    state = state if state in STATES else ""
    kind = request.args.get("kind", "")
    known = {_key(model) for model in models}
    kind = kind if kind in known else ""
    kinds = []
    for model in models:
        if kind and _key(model) != kind:
            continue
        items, more = _wanted(model, state, PER_KIND)
        kinds.append(Kind(_key(model), str(model.__translation_kind__), items, more))
    return render_template(
        "admin/translations.html",
        kinds=kinds,
        state=state,
        kind=kind,
        kind_options=[(_key(model), str(model.__translation_kind__)) for model in models],
        per_kind=PER_KIND,
        total=sum(len(k.items) for k in kinds),
    )
