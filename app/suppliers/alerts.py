"""Opportunity alerts: digests of forward plan items published, or moved to
another stage or new dates, in each supplier's fields of interest: an item
matches when its service area or its CPV division is one the supplier chose.

`note_plan_changes` compares each published plan item with what it saw last
time, so the plan itself needs no hooks; `send_digests` then queues one
email per supplier whose period has come round.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.plans.models import PlanItem
from app.suppliers.models import PlanAlertWatch, Supplier

PERIODS = ("daily", "weekly")
DATE_FIELDS = (
    "market_engagement_date",
    "tender_publication_date",
    "award_date",
    "contract_start_date",
)


def _fingerprint(item: PlanItem) -> tuple[str, str]:
    dates = ",".join(str(getattr(item, name) or "") for name in DATE_FIELDS)
    return item.cycle_stage, dates


def note_plan_changes(session: Session, now: datetime | None = None) -> int:
    """Record published plan items that are new, or whose stage or dates
    changed, since the last look. Returns how many were recorded."""
    now = now or utcnow()
    watched = {w.plan_item_id: w for w in session.scalars(select(PlanAlertWatch))}
    noted = 0
    for item in session.scalars(select(PlanItem).where(PlanItem.status == "published")):
        stage, dates = _fingerprint(item)
        fingerprint = f"{stage}|{dates}"
        seen = watched.get(item.id)
        if seen is None:
            # First sight: it was published when the plan last released it.
            session.add(
                PlanAlertWatch(
                    plan_item_id=item.id,
                    fingerprint=fingerprint,
                    change="published",
                    changed_at=item.released_at or item.updated_at or now,
                )
            )
            noted += 1
        elif seen.fingerprint != fingerprint:
            seen.change = "stage" if seen.fingerprint.split("|")[0] != stage else "dates"
            seen.fingerprint = fingerprint
            seen.changed_at = now
            noted += 1
    session.flush()
    return noted


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="supplier-alerts-unsubscribe")


def unsubscribe_token(supplier: Supplier) -> str:
    return _serializer().dumps(supplier.id)


def supplier_for_unsubscribe(session: Session, token: str) -> Supplier | None:
    try:
        supplier_id = _serializer().loads(token)
    except BadSignature:
        return None
    return session.get(Supplier, supplier_id) if isinstance(supplier_id, int) else None


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
        .where(PlanItem.status == "published")
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
        for contact in supplier.contacts:
            subject, body = render_email(
                "suppliers/email/digest.txt",
                contact.locale,
                organisation=supplier.name,
                period=period,
                items=[
                    {
                        "title": item.title,
                        "change": watch.change,
                        "url": url_for("plans.detail", slug=item.slug, _external=True),
                    }
                    for watch, item in items
                ],
                unsubscribe_url=url_for(
                    "suppliers.unsubscribe", token=unsubscribe_token(supplier), _external=True
                ),
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
            )
            queued += 1
    return queued
