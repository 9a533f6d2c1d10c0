"""Reading the public plan: filters taken from the URL, never trusted."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.core.models import ServiceArea
from app.core.paging import page_number
from app.plans.choices import COMMISSIONING_ROUTES, CYCLE_STAGES, SORTS
from app.plans.models import PlanItem

MAX_QUERY_LENGTH = 200
DEFAULT_SORT = "start-latest"


@dataclass
class PlanFilters:
    q: str = ""
    areas: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    sme: bool = False
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args, known_areas: set[str]) -> PlanFilters:
        """Keep what is valid and quietly drop the rest: a bad link still shows the plan."""

        def pick(name: str, allowed) -> list[str]:
            seen: list[str] = []
            for value in args.getlist(name):
                value = value.strip()
                if value in allowed and value not in seen:
                    seen.append(value)
            return seen

        sort = args.get("sort", DEFAULT_SORT)
        return cls(
            q=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
            areas=pick("area", known_areas),
            stages=pick("stage", CYCLE_STAGES),
            routes=pick("route", COMMISSIONING_ROUTES),
            sme=args.get("sme", "").lower() in {"1", "yes", "true", "on", "y"},
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=page_number(args.get("page")),
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.areas or self.stages or self.routes or self.sme)

    def query_args(self, **overrides) -> dict:
        """The filters as URL arguments, for links that keep them."""
        args = {
            "q": self.q or None,
            "area": self.areas or None,
            "stage": self.stages or None,
            "route": self.routes or None,
            "sme": "yes" if self.sme else None,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
            "page": self.page if self.page > 1 else None,
        }
        args.update(overrides)
        return {key: value for key, value in args.items() if value not in (None, [], "")}


@dataclass
class PlanPage:
    items: list[PlanItem]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and those near the current
        one, with None where a gap is shown as an ellipsis."""
        shown = {1, self.pages} | set(
            range(max(1, self.page - around), min(self.pages, self.page + around) + 1)
        )
        numbers: list[int | None] = []
        for number in sorted(shown):
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def word_conditions(q: str) -> list:
    """Every word typed must appear in the title, summary or description."""
    conditions = []
    for word in q.lower().split()[:10]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(PlanItem.search_text.like(f"%{escaped}%", escape="\\"))
    return conditions


def matching_words(stmt: Select, q: str) -> Select:
    return stmt.where(*word_conditions(q))


def published_conditions(filters: PlanFilters) -> list:
    conditions = [PlanItem.status == "published"]
    if filters.areas:
        area_ids = select(ServiceArea.id).where(ServiceArea.slug.in_(filters.areas))
        conditions.append(PlanItem.service_area_id.in_(area_ids.scalar_subquery()))
    if filters.stages:
        conditions.append(PlanItem.cycle_stage.in_(filters.stages))
    if filters.routes:
        conditions.append(PlanItem.commissioning_route.in_(filters.routes))
    if filters.sme:
        conditions.append(or_(PlanItem.suitable_for_sme, PlanItem.suitable_for_vcs))
    return conditions + word_conditions(filters.q)


def _order(sort: str) -> tuple:
    start = PlanItem.contract_start_date
    if sort == "start-soonest":
        return (start.asc().nulls_last(), PlanItem.id)
    if sort == "updated":
        return (PlanItem.updated_at.desc(), PlanItem.id.desc())
    if sort == "value":
        value = func.coalesce(PlanItem.estimated_total_value, PlanItem.estimated_annual_value, -1)
        return (value.desc(), PlanItem.id)
    if sort == "title":
        return (func.lower(PlanItem.title), PlanItem.id)
    return (start.desc().nulls_last(), PlanItem.id.desc())


def search_plans(session: Session, filters: PlanFilters, per_page: int) -> PlanPage:
    conditions = published_conditions(filters)
    # Count ids only: the item query eager-loads its service area, the count must not.
    total = session.scalar(select(func.count(PlanItem.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = min(filters.page, pages)
    rows = session.scalars(
        select(PlanItem)
        .where(*conditions)
        .order_by(*_order(filters.sort))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return PlanPage(items=list(rows), total=total, page=page, per_page=per_page)


def all_published(session: Session) -> list[PlanItem]:
    """Every published item for the exports, in one query."""
    stmt = select(PlanItem).where(PlanItem.status == "published")
    stmt = stmt.options(selectinload(PlanItem.lots))
    return list(session.scalars(stmt.order_by(PlanItem.updated_at.desc(), PlanItem.id.desc())))
