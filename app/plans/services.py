"""Every change to a plan item goes through here: cleaned, indexed for
search, released to OCDS when public, the page caches told, and audited."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.db import utcnow
from app.core.page_cache import bump_version
from app.core.sanitise import clean_html, plain_text
from app.plans.models import PlanItem, PlanLot
from app.plans.releases import record_release

CONTENT = "plans"

EDITABLE_FIELDS = (
    "title",
    "summary",
    "description_html",
    "service_area_id",
    "commissioning_route",
    "cycle_stage",
    "procurement_route",
    "cpv_division",
    "estimated_annual_value",
    "estimated_total_value",
    "contract_length_months",
    "extension_months",
    "market_engagement_date",
    "tender_publication_date",
    "award_date",
    "contract_start_date",
    "suitable_for_sme",
    "suitable_for_vcs",
    "social_value_priorities",
    "contact_name",
    "contact_email",
    "contact_phone",
    # The Welsh, which staff may leave for later (app.core.bilingual).
    "title_cy",
    "summary_cy",
    "description_html_cy",
    # What a pipeline notice (UK1) needs (app/plans/pipeline.py).
    "main_category",
    "cpv_codes",
    "estimated_notice_date",
    "value_gross",
    "is_framework",
    "is_dynamic_market",
)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-") or "plan"


def unique_slug(session: Session, wanted: str, exclude_id: int | None = None) -> str:
    base = slugify(wanted)
    candidate, number = base, 2
    while True:
        clash = exists().where(PlanItem.slug == candidate)
        if exclude_id is not None:
            clash = clash.where(PlanItem.id != exclude_id)
        if not session.scalar(select(clash)):
            return candidate
        candidate, number = f"{base}-{number}", number + 1


def _apply(item: PlanItem, data: dict) -> list[str]:
    """Copy the editable fields; name the ones that changed, for the audit log."""
    for name in ("description_html", "description_html_cy"):
        if name in data:
            data = {**data, name: clean_html(data[name] or "")}
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(item, name) != data[name]:
            setattr(item, name, data[name])
            changed.append(name)
    if "lots" in data and _replace_lots(item, data["lots"] or []):
        changed.append("lots")
    # Both languages, so a Welsh reader's words find an item as an English one's do.
    item.search_text = " ".join(
        [
            item.title or "",
            item.summary or "",
            plain_text(item.description_html),
            item.title_cy or "",
            item.summary_cy or "",
            plain_text(item.description_html_cy or ""),
        ]
    ).lower()
    return changed


LOT_FIELDS = ("title", "title_cy", "value", "value_gross", "start_date", "end_date")


def lot_data(lot: PlanLot | dict | str) -> dict:
    """A lot's editable fields; a plain string is a lot with only a title."""
    if isinstance(lot, str):
        lot = {"title": lot}
    if isinstance(lot, PlanLot):
        return {name: getattr(lot, name) for name in LOT_FIELDS}
    return {
        name: lot.get(name, "" if name in ("title", "title_cy") else None) for name in LOT_FIELDS
    }


def _replace_lots(item: PlanItem, lots: list) -> bool:
    """Make the item's lots exactly `lots`, in order; say whether anything changed."""
    wanted = [lot_data(lot) for lot in lots]
    wanted = [lot for lot in wanted if (lot["title"] or "").strip()]
    if [lot_data(lot) for lot in item.lots] == wanted:
        return False
    item.lots = [PlanLot(position=number, **lot) for number, lot in enumerate(wanted, 1)]
    return True


def _release(session: Session, item: PlanItem, *, was_published: bool | None = None) -> None:
    """Note the change; publish an OCDS release when the public can see it,
    or could until now (then the release says the item was withdrawn)."""
    item.updated_at = utcnow()
    was_published = item.is_published if was_published is None else was_published
    if item.is_published:
        record_release(session, item)
    elif was_published:
        record_release(session, item, withdrawn=True)
    bump_version(session, CONTENT)


def create_plan(session: Session, data: dict, slug: str | None = None) -> PlanItem:
    item = PlanItem(status="draft", release_count=0, social_value_priorities=[])
    item.slug = unique_slug(session, slug or data["title"])
    _apply(item, data)
    session.add(item)
    _release(session, item)
    session.flush()
    audit.record(session, "plan.create", obj=item, summary="Created a draft plan item")
    return item


def update_plan(session: Session, item: PlanItem, data: dict) -> list[str]:
    """Return the names of the fields that changed (empty, so false, if none)."""
    changed = _apply(item, data)
    if changed:
        _release(session, item)
        audit.record(
            session,
            "plan.update",
            obj=item,
            summary="Changed a plan item",
            details={"fields": changed},
        )
    return changed


_STATUS_ACTIONS = {
    "published": "plan.publish",
    "withdrawn": "plan.withdraw",
    "draft": "plan.unpublish",
}


def set_status(session: Session, item: PlanItem, status: str) -> bool:
    if status not in {"draft", "published", "withdrawn"}:
        raise ValueError(status)
    if item.status == status:
        return False
    previous, item.status = item.status, status
    _release(session, item, was_published=previous == "published")
    audit.record(
        session,
        _STATUS_ACTIONS[status],
        obj=item,
        summary=f"Changed status from {previous} to {status}",
        details={"from": previous, "to": status},
    )
    return True


# -- One lot at a time, from the lots section of the staff pages. Each change
# is a change to the plan item: released to OCDS when public, and audited.


def _lot_changed(session: Session, item: PlanItem, action: str, summary: str, details: dict):
    _release(session, item)
    audit.record(session, action, obj=item, summary=summary, details=details)


def add_lot(session: Session, item: PlanItem, data: dict) -> PlanLot:
    lot = PlanLot(position=max((lot.position for lot in item.lots), default=0) + 1)
    for name, value in lot_data(data).items():
        setattr(lot, name, value)
    item.lots.append(lot)
    session.flush()
    _lot_changed(session, item, "plan.lot_add", "Added a lot to a plan item", {"lot": lot.position})
    return lot


def update_lot(session: Session, lot: PlanLot, data: dict) -> list[str]:
    changed = []
    for name, value in lot_data(data).items():
        if getattr(lot, name) != value:
            setattr(lot, name, value)
            changed.append(name)
    if changed:
        _lot_changed(
            session,
            lot.plan_item,
            "plan.lot_update",
            "Changed a lot of a plan item",
            {"lot": lot.position, "fields": changed},
        )
    return changed


def remove_lot(session: Session, lot: PlanLot) -> None:
    """Remove the lot; the lots after it move up, so numbers stay 1, 2, 3..."""
    item, position = lot.plan_item, lot.position
    item.lots.remove(lot)
    for number, other in enumerate(item.lots, 1):
        other.position = number
    session.flush()
    _lot_changed(
        session, item, "plan.lot_remove", "Removed a lot from a plan item", {"lot": position}
    )
