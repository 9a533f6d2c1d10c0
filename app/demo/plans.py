"""Loads the demo council's forward plan; repeated runs change nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.models import ServiceArea
from app.demo.content import read
from app.plans.models import PlanItem
from app.plans.pipeline import SETTINGS_FIELDS, save_settings, settings
from app.plans.releases import release_missing
from app.plans.services import EDITABLE_FIELDS, create_plan, set_status, update_plan


def load_service_areas(session: Session) -> dict[str, ServiceArea]:
    existing = {area.slug: area for area in session.scalars(select(ServiceArea))}
    for spec in read("plans")["service_areas"]:
        area = existing.get(spec["slug"])
        if area is None:
            area = ServiceArea(slug=spec["slug"])
            session.add(area)
            existing[spec["slug"]] = area
        area.name, area.name_cy = spec["name"], spec["name_cy"]
    session.flush()
    return existing


def load_procurement_settings(session: Session) -> None:
    """The demo council spends more than £100 million a year, so its plan
    shows which items need a pipeline notice (app/plans/pipeline.py)."""
    spec = read("plans").get("procurement_settings") or {}
    if spec and not settings(session).spend_band:
        save_settings(session, {name: spec.get(name) for name in SETTINGS_FIELDS})


def load_demo_plans(session: Session) -> tuple[int, int, int]:
    areas = load_service_areas(session)
    load_procurement_settings(session)
    created = updated = 0
    # The Welsh, by slug (plans_cy.yaml).
    welsh = read("plans_cy")
    for spec in read("plans")["plan_items"]:
        spec = {**spec, **welsh.get(spec["slug"], {})}
        data = {name: spec[name] for name in EDITABLE_FIELDS if name in spec}
        data["service_area_id"] = areas[spec["service_area"]].id
        # Lots with their own values and periods, their Welsh titles beside the English.
        data["lots"] = spec.get("lots") or []
        data.setdefault("contact_phone", None)
        item = session.scalar(select(PlanItem).where(PlanItem.slug == spec["slug"]))
        if item is None:
            item = create_plan(session, data, slug=spec["slug"])
            created += 1
        elif update_plan(session, item, data):
            updated += 1
        set_status(session, item, spec["status"])
    # A demo loaded before releases were kept gets its first releases too.
    release_missing(session)
    return len(areas), created, updated
