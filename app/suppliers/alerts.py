"""Opportunity alerts: digests of forward plan items published, withdrawn,
or with a new stage, dates or estimated value, in each supplier's fields of
interest: an item
matches when its service area or its CPV division is one the supplier chose.

`note_plan_changes` compares each published plan item with what it saw last
time, so the plan itself needs no hooks; `send_digests` then queues one
email per supplier whose period has come round.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.plans.choices import CYCLE_STAGES
from app.plans.models import PlanItem
from app.suppliers.models import PlanAlertWatch, Supplier

PERIODS = ("daily", "weekly")
DATE_FIELDS = (
    "market_engagement_date",
    "tender_publication_date",
    "award_date",
    "contract_start_date",
)
VALUE_FIELDS = ("estimated_annual_value", "estimated_total_value")
# What a digest reports, field by field; "status" is published or withdrawn.
TRACKED = ("cycle_stage", *DATE_FIELDS, *VALUE_FIELDS, "status")
_VERSION = "v2"
# Unsubscribe links in old emails stop working after a year; the page then
# says how to change alerts by signing in.
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600


def _text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _values(item: PlanItem) -> dict[str, str]:
    return {name: _text(getattr(item, name)) for name in TRACKED}


def _fingerprint(values: dict[str, str]) -> str:
    return "|".join((_VERSION, *(values[name] for name in TRACKED)))


def _read(fingerprint: str) -> dict[str, str]:
    """What was seen last time. Rows from before values and status were
    tracked ("stage|dates") give only what they knew, so the first look
    after an upgrade reports nothing that did not really change."""
    parts = fingerprint.split("|")
    if parts[0] == _VERSION and len(parts) == len(TRACKED) + 1:
        return dict(zip(TRACKED, parts[1:], strict=True))
    stage, _, dates = fingerprint.partition("|")
    known = {"cycle_stage": stage, "status": "published"}
    known.update(zip(DATE_FIELDS, dates.split(","), strict=False))
    return known


def note_plan_changes(session: Session, now: datetime | None = None) -> int:
    """Record published plan items that are new, whose stage, dates or
    estimated values changed, or that were withdrawn, since the last look.
    Returns how many were recorded."""
    now = now or utcnow()
    watched = {w.plan_item_id: w for w in session.scalars(select(PlanAlertWatch))}
    noted = 0
    items = select(PlanItem).where(PlanItem.status.in_(("published", "withdrawn")))
    for item in session.scalars(items):
        values = _values(item)
        seen = watched.get(item.id)
        if seen is None:
            if item.status != "published":
                continue  # withdrawn before any alert saw it
            # First sight: it was published when the plan last released it.
            session.add(
                PlanAlertWatch(
                    plan_item_id=item.id,
                    fingerprint=_fingerprint(values),
                    change="published",
                    changes=None,
                    changed_at=item.released_at or item.updated_at or now,
                )
            )
            noted += 1
            continue
        before = _read(seen.fingerprint)
        changed = {
            name: [before[name], values[name]]
            for name in TRACKED
            if name in before and before[name] != values[name]
        }
        seen.fingerprint = _fingerprint(values)
        if not changed:
            continue
        if "status" in changed:
            seen.change = item.status  # "withdrawn", or "published" again
        else:
            seen.change = "changed"
        seen.changes = json.dumps(changed)
        seen.changed_at = now
        noted += 1
    session.flush()
    return noted


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="supplier-alerts-unsubscribe")


def unsubscribe_token(supplier: Supplier) -> str:
    return _serializer().dumps(supplier.id)


def supplier_for_unsubscribe(session: Session, token: str) -> tuple[Supplier | None, str | None]:
    """The supplier a link in an alert email names, or why there is none:
    "expired" for a link over a year old, "invalid" for anything else."""
    try:
        supplier_id = _serializer().loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except SignatureExpired:
        return None, "expired"
    except BadSignature:
        return None, "invalid"
    supplier = session.get(Supplier, supplier_id) if isinstance(supplier_id, int) else None
    return (supplier, None) if supplier else (None, "invalid")


def _entry(watch: PlanAlertWatch, item: PlanItem) -> dict:
    changes = []
    for name, (old, new) in json.loads(watch.changes or "{}").items():
        if name != "status":
            changes.append({"field": name, "old": _typed(name, old), "new": _typed(name, new)})
    return {
        "title": item.title,
        "change": watch.change,
        "changes": changes,
        # A withdrawn item has no public page to link to.
        "url": None
        if item.status != "published"
        else url_for("plans.detail", slug=item.slug, _external=True),
    }


def _typed(name: str, text: str):
    if not text:
        return None
    if name in DATE_FIELDS:
        return date.fromisoformat(text)
    if name in VALUE_FIELDS:
        return int(text)
    return text


def send_digests(session: Session, period: str, now: datetime | None = None) -> int:
    """Queue a digest for every supplier on `period` alerts with something new.
    Returns the number of emails queued."""
    if period not in PERIODS:
        raise ValueError(period)
    now = now or utcnow()
    note_plan_changes(session, now)
    changes = session.execute(
        select(PlanAlertWatch, PlanItem)
        .join(PlanItem, PlanItem.id == PlanAlertWatch.plan_item_id)
        .where(
            (PlanItem.status == "published")
            | ((PlanItem.status == "withdrawn") & (PlanAlertWatch.change == "withdrawn"))
        )
        .order_by(PlanAlertWatch.changed_at.desc())
    ).all()
    suppliers = session.scalars(
        select(Supplier)
        .where(Supplier.alert_frequency == period)
        .options(selectinload(Supplier.service_areas), selectinload(Supplier.contacts))
    ).all()
    queued = 0
    for supplier in suppliers:
        since = supplier.alerts_sent_at or supplier.created_at
        areas = {area.id for area in supplier.service_areas}
        divisions = set(supplier.cpv_divisions or [])
        items = [
            (watch, item)
            for watch, item in changes
            if watch.changed_at > since
            and (item.service_area_id in areas or item.cpv_division in divisions)
        ]
        supplier.alerts_sent_at = now
        if not items:
            continue
        unsubscribe_url = url_for(
            "suppliers.unsubscribe", token=unsubscribe_token(supplier), _external=True
        )
        for contact in supplier.contacts:
            subject, body = render_email(
                "suppliers/email/digest.txt",
                contact.locale,
                organisation=supplier.name,
                period=period,
                items=[_entry(watch, item) for watch, item in items],
                stage_labels=CYCLE_STAGES,
                unsubscribe_url=unsubscribe_url,
                account_url=url_for("suppliers.account", _external=True),
            )
            # The unsubscribe link carries a token that works without signing in.
            queue_email(
                session,
                to=contact.email,
                subject=subject,
                body=body,
                locale=contact.locale,
                secret_links=True,
                unsubscribe_url=unsubscribe_url,
            )
            queued += 1
    return queued
