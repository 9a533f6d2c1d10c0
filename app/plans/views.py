"""Public pages of the forward plan and its open-data exports."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import lazyload

from app.core.db import db, utcnow
from app.core.downloads import download
from app.core.i18n import current_language
from app.core.models import ServiceArea
from app.core.page_cache import cached_page
from app.plans import bp
from app.plans.choices import (
    COMMISSIONING_ROUTES,
    CYCLE_STAGES,
    PROCUREMENT_ROUTES,
    ROUTE_SHORT,
    SOCIAL_VALUE_PRIORITIES,
    SORTS,
    STAGE_SHORT,
)
from app.plans.exports import plan_csv, plan_feed
from app.plans.models import PlanItem
from app.plans.ocds import build_package, build_record_package
from app.plans.releases import compiled_records, release_page
from app.plans.search import PlanFilters, all_published, search_plans
from app.plans.services import CONTENT


def _item_url(item: PlanItem) -> str:
    return url_for("plans.detail", slug=item.slug, _external=True)


def _row_key(item: PlanItem, area_names: dict[str, str]) -> tuple:
    """Everything one item of the list shows, so a kept rendering of it
    (app.core.fragments) is found only while all of it is unchanged."""
    return (
        "plan-row",
        item.slug,
        item.title,
        item.title_cy,
        item.summary,
        item.summary_cy,
        area_names[item.service_area.slug],
        item.cycle_stage,
        item.commissioning_route,
        item.contract_start_date,
        item.estimated_total_value,
        item.suitable_for_sme,
        item.suitable_for_vcs,
    )


@bp.get("/plans/")
@cached_page(CONTENT)
def index():
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name)).all()
    filters = PlanFilters.from_args(request.args, {area.slug for area in areas})
    results = search_plans(db.session, filters, current_app.config["PLANS_PER_PAGE"])
    language = current_language()
    area_names = {area.slug: area.localised_name(language) for area in areas}
    return render_template(
        "plans/index.html",
        area_options=sorted(area_names.items(), key=lambda pair: pair[1]),
        area_names=area_names,
        row_keys={item.id: _row_key(item, area_names) for item in results.items},
        filters=filters,
        results=results,
        stages=STAGE_SHORT,
        routes=ROUTE_SHORT,
        sorts=SORTS,
    )


def _linked(item: PlanItem) -> tuple[list, list]:
    """The published consultations and events that name this plan item."""
    # Imported here: consultations and events link to plans, not the reverse.
    from app.consultations.models import Consultation
    from app.events.models import Event

    # Slugs hold letters, digits and dashes: the quoted slug is found in the JSON.
    consultations = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.published.is_(True),
            cast(Consultation.plan_slugs, Text).contains(f'"{item.slug}"', autoescape=True),
        )
        .options(lazyload(Consultation.questions))
        .order_by(Consultation.closes_at.desc())
    ).all()
    events = db.session.scalars(
        select(Event)
        .where(
            Event.status.in_(("published", "cancelled")),
            Event.plan_items.any(PlanItem.id == item.id),
        )
        .order_by(Event.starts_at.desc())
    ).all()
    return [c for c in consultations if item.slug in (c.plan_slugs or [])], list(events)


@bp.get("/plans/<slug>")
# Events change without a content version: their links are at most 10 minutes old.
@cached_page(CONTENT, "consultations", lifetime=600)
def detail(slug: str):
    item = db.session.scalar(
        select(PlanItem).where(PlanItem.slug == slug, PlanItem.status == "published")
    )
    if item is None:
        abort(404)
    consultations, events = _linked(item)
    return render_template(
        "plans/detail.html",
        item=item,
        consultations=consultations,
        events=events,
        commissioning_routes=COMMISSIONING_ROUTES,
        cycle_stages=CYCLE_STAGES,
        procurement_routes=PROCUREMENT_ROUTES,
        social_value=SOCIAL_VALUE_PRIORITIES,
    )


@bp.get("/plans.csv")
@cached_page(CONTENT)
def csv_export():
    items = all_published(db.session)
    body = "".join(plan_csv(items, _item_url))
    return download(body, filename="forward-plan.csv", mimetype="text/csv")


def _open_json(package: dict) -> Response:
    response = current_app.json.response(package)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/plans.json")
@cached_page(CONTENT)
def ocds():
    """Every release ever published, oldest first, a page at a time."""
    config = current_app.config
    after = _after_arg()
    releases, last = release_page(db.session, after, max(1, config["OCDS_RELEASES_PER_PAGE"]))
    package = build_package(
        releases,
        package_url=url_for("plans.ocds", after=after or None, _external=True),
        publisher_name=config["COUNCIL_NAME"],
        now=utcnow(),
        next_url=url_for("plans.ocds", after=last, _external=True) if last else None,
    )
    return _open_json(package)


def _after_arg() -> int:
    """A page is named by the last entry before it, so pages never shift."""
    after_arg = request.args.get("after", "0")
    if not after_arg.isdigit() or len(after_arg) > 18:
        abort(400)
    return int(after_arg)


@bp.get("/plans/records.json")
@cached_page(CONTENT)
def ocds_records():
    """One compiled record per plan item, withdrawn ones included, a page at a time."""
    config = current_app.config
    after = _after_arg()
    records, last = compiled_records(db.session, after, max(1, config["OCDS_RECORDS_PER_PAGE"]))
    package = build_record_package(
        records,
        package_url=url_for("plans.ocds_records", after=after or None, _external=True),
        publisher_name=config["COUNCIL_NAME"],
        now=utcnow(),
        next_url=url_for("plans.ocds_records", after=last, _external=True) if last else None,
    )
    return _open_json(package)


def _welsh_plan_name() -> str:
    with force_locale("cy"):
        return gettext("Forward commissioning plan")


@bp.get("/plans/feed.atom")
@cached_page(CONTENT)
def feed():
    """The feed in English, or in Welsh with ?lang=cy (a feed reader sends no
    language of its own, so the address chooses)."""
    config = current_app.config
    items = all_published(db.session)
    welsh = request.args.get("lang") == "cy"
    council = (config.get("COUNCIL_NAME_CY") or config["COUNCIL_NAME"]) if welsh else None
    english_url = url_for("plans.feed", _external=True)
    welsh_url = url_for("plans.feed", lang="cy", _external=True)
    body = plan_feed(
        items,
        title=(
            f"{council}: {_welsh_plan_name()}"
            if welsh
            else f"{config['COUNCIL_NAME']}: forward commissioning plan"
        ),
        feed_url=welsh_url if welsh else english_url,
        home_url=url_for("plans.index", _external=True),
        author=council or config["COUNCIL_NAME"],
        item_url=_item_url,
        now=utcnow(),
        language="cy" if welsh else "en",
        other_language_url=english_url if welsh else welsh_url,
    )
    return Response(body, mimetype="application/atom+xml")
