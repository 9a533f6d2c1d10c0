"""The plan's OCDS history: every release kept exactly as published.

A release is written when a plan item is first published, on every change
while it is public, when it is published again, and when it leaves the plan
(a release whose ``tender.status`` is ``withdrawn``). Records are compiled
from the stored releases with ``ocdsmerge``, as OCDS describes.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import ocdsmerge
from flask import current_app, has_request_context, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.offline import offline_request_context
from app.plans.models import PlanItem, PlanRelease, ProcurementSettings
from app.plans.ocds import add_uk_fields, build_release, ocid

# The official OCDS 1.1.5 release schema (Apache 2.0, data/LICENSE), read
# from the package so compiling never fetches anything.
SCHEMA_PATH = Path(__file__).parent / "data" / "release-schema.json"


@cache
def _merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(json.loads(SCHEMA_PATH.read_text()))


def _item_url(item: PlanItem) -> str:
    if has_request_context():
        return url_for("plans.detail", slug=item.slug, _external=True)
    with offline_request_context():
        return url_for("plans.detail", slug=item.slug, _external=True)


def procurement_settings(session: Session) -> ProcurementSettings:
    found = session.scalar(select(ProcurementSettings).order_by(ProcurementSettings.id))
    return found or ProcurementSettings()


def buyer() -> dict:
    config = current_app.config
    return {
        "id": config.get("COUNCIL_ORG_ID") or "elmsworth-borough-council",
        "name": config["COUNCIL_NAME"],
    }


def record_release(session: Session, item: PlanItem, *, withdrawn: bool = False) -> PlanRelease:
    """Store the item's next release. The item's row is locked first (FOR
    UPDATE on PostgreSQL) so two edits at once cannot take the same number."""
    session.flush()
    session.execute(select(PlanItem.id).where(PlanItem.id == item.id).with_for_update())
    stored = session.scalar(
        select(func.max(PlanRelease.number)).where(PlanRelease.plan_item_id == item.id)
    )
    # Continue after release_count: ids published before history was kept are not reused.
    number = max(stored or 0, item.release_count or 0) + 1
    now = utcnow()
    found = procurement_settings(session)
    prefix = _prefix(session, item, found)
    data = build_release(
        item,
        prefix=prefix,
        buyer=buyer(),
        item_url=_item_url(item),
        number=number,
        first=stored is None,
        released_at=now,
        withdrawn=withdrawn,
    )
    data = add_uk_fields(data, item, ppon=found.ppon, authority_type=found.authority_type)
    release = PlanRelease(
        plan_item_id=item.id, number=number, ocid=ocid(prefix, item), released_at=now, data=data
    )
    session.add(release)
    item.release_count, item.released_at = number, now
    session.flush()
    return release


def _prefix(session: Session, item: PlanItem, found) -> str:
    """The ocid prefix: the one the item's first release used, so a process
    keeps one ocid, else the administrators' setting, else OCDS_OCID_PREFIX."""
    first = session.scalar(
        select(PlanRelease.ocid)
        .where(PlanRelease.plan_item_id == item.id)
        .order_by(PlanRelease.id)
        .limit(1)
    )
    if first and "-plan-" in first:
        return first.rsplit("-plan-", 1)[0]
    return found.ocid_prefix or current_app.config["OCDS_OCID_PREFIX"]


def release_missing(session: Session) -> int:
    """A first release for each published item that has none (databases
    from before history was kept). Returns how many were written."""
    has_release = select(PlanRelease.id).where(PlanRelease.plan_item_id == PlanItem.id).exists()
    items = session.scalars(
        select(PlanItem).where(PlanItem.status == "published", ~has_release).order_by(PlanItem.id)
    ).all()
    for item in items:
        record_release(session, item)
    return len(items)


def release_page(session: Session, after: int, size: int) -> tuple[list[dict], int | None]:
    """One page of releases in the order they were published, and the id to
    continue after when there is a further page. One query, whatever the size."""
    rows = session.execute(
        select(PlanRelease.id, PlanRelease.data)
        .where(PlanRelease.id > after)
        .order_by(PlanRelease.id)
        .limit(size + 1)
    ).all()
    more = len(rows) > size
    rows = rows[:size]
    return [row.data for row in rows], (rows[-1].id if more else None)


def compiled_records(
    session: Session, after: int = 0, size: int | None = None
) -> tuple[list[dict], int | None]:
    """One record per process (its releases and the compiled release), for
    the plan items after item id `after`, `size` at a time; and the item id
    to continue after when there is a further page. Two queries a page."""
    items = select(PlanRelease.plan_item_id).where(PlanRelease.plan_item_id > after).distinct()
    items = items.order_by(PlanRelease.plan_item_id)
    if size is not None:
        items = items.limit(size + 1)
    ids = list(session.scalars(items))
    more = size is not None and len(ids) > size
    ids = ids[:size] if size is not None else ids
    if not ids:
        return [], None
    rows = session.execute(
        select(PlanRelease.plan_item_id, PlanRelease.ocid, PlanRelease.data)
        .where(PlanRelease.plan_item_id.in_(ids))
        .order_by(PlanRelease.plan_item_id, PlanRelease.id)
    ).all()
    by_item: dict[int, tuple[str, list[dict]]] = {}
    for row in rows:
        by_item.setdefault(row.plan_item_id, (row.ocid, []))[1].append(row.data)
    merger = _merger()
    records = [
        {
            "ocid": process,
            "releases": releases,
            "compiledRelease": merger.create_compiled_release(releases),
        }
        for process, releases in by_item.values()
    ]
    return records, (ids[-1] if more else None)
