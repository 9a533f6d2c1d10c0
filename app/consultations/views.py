"""Public pages: the list of consultations and each one's page."""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import func, select

from app.consultations import bp
from app.consultations.choices import STATUS_LABELS, STATUS_TAGS
from app.consultations.forms import question_falls_back
from app.consultations.models import CLOSED, FORTHCOMING, OPEN, Consultation
from app.consultations.services import CONTENT, search_public
from app.core.bilingual import any_falls_back, falls_back
from app.core.db import db, utcnow
from app.core.i18n import current_language
from app.core.models import ServiceArea
from app.core.page_cache import cached_page
from app.plans.models import PlanItem
from app.plans.services import CONTENT as PLANS

PUBLIC_STATUSES = (OPEN, FORTHCOMING, CLOSED)


def public_consultation(slug: str) -> Consultation:
    consultation = db.session.scalar(
        select(Consultation).where(Consultation.slug == slug, Consultation.published.is_(True))
    )
    if consultation is None:
        abort(404)
    return consultation


def next_status_change() -> float | None:
    """When a published consultation next opens or closes. Until then every
    consultation's status holds, so its pages can be served from the cache;
    any other change bumps the content version."""
    now = utcnow()
    published = Consultation.published.is_(True)
    opens, closes = db.session.execute(
        select(
            select(func.min(Consultation.opens_at))
            .where(published, Consultation.opens_at > now)
            .scalar_subquery(),
            select(func.min(Consultation.closes_at))
            .where(published, Consultation.closes_at > now)
            .scalar_subquery(),
        )
    ).one()
    upcoming = [moment for moment in (opens, closes) if moment is not None]
    return min(upcoming).timestamp() if upcoming else None


@bp.get("/consultations/")
@cached_page(CONTENT, fresh_until=next_status_change)
def index():
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    by_slug = {area.slug: area for area in areas}
    chosen_areas = [slug for slug in request.args.getlist("area") if slug in by_slug]
    chosen_statuses = [s for s in request.args.getlist("status") if s in PUBLIC_STATUSES]
    q = " ".join(request.args.get("q", "").split())[:200]
    now = utcnow()
    results = search_public(
        db.session,
        q=q,
        areas={by_slug[slug].id for slug in chosen_areas},
        statuses=set(chosen_statuses),
        now=now,
    )
    language = current_language()
    grouped = {status: [] for status in PUBLIC_STATUSES}
    for consultation in results:
        grouped[consultation.status_at(now)].append(consultation)
    return render_template(
        "consultations/index.html",
        grouped=grouped,
        total=len(results),
        q=q,
        chosen_areas=chosen_areas,
        chosen_statuses=chosen_statuses,
        area_options=sorted(
            ((a.slug, a.localised_name(language)) for a in areas), key=lambda pair: pair[1]
        ),
        status_options=[(s, STATUS_LABELS[s]) for s in PUBLIC_STATUSES],
        status_labels=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        filtered=bool(q or chosen_areas or chosen_statuses),
        now=now,
    )


def linked_plans(consultation: Consultation) -> list[PlanItem]:
    """The published plan items the consultation informs."""
    if not consultation.plan_slugs:
        return []
    return list(
        db.session.scalars(
            select(PlanItem)
            .where(PlanItem.slug.in_(consultation.plan_slugs), PlanItem.status == "published")
            .order_by(PlanItem.title)
        )
    )


@bp.get("/consultations/<slug>")
@cached_page(CONTENT, PLANS, fresh_until=next_status_change)
def detail(slug: str):
    consultation = public_consultation(slug)
    plans = linked_plans(consultation)
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        status=consultation.status,
        status_labels=STATUS_LABELS,
        status_tags=STATUS_TAGS,
        plans=plans,
    )


@bp.get("/consultations/<slug>/outcome")
@cached_page(CONTENT, fresh_until=next_status_change)
def outcome(slug: str):
    consultation = public_consultation(slug)
    return render_template(
        "consultations/outcome.html",
        consultation=consultation,
        status=consultation.status,
        published=consultation.outcome_published_at is not None,
    )


# Tests the public pages use to decide whether to give the one Welsh note.
@bp.app_template_test("consultation_falls_back")
def consultation_falls_back(consultation: Consultation) -> bool:
    return any_falls_back(consultation, "title", "summary")


@bp.app_template_test("document_falls_back")
def document_falls_back(item) -> bool:
    """A document's (or linked plan item's) title shown in English."""
    return falls_back(item.title, getattr(item, "title_cy", ""))


@bp.app_template_test("question_falls_back")
def _question_falls_back(question, young: bool = False) -> bool:
    return question_falls_back(question, young)
