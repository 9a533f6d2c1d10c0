"""Reading the inbox: filters from the URL, never trusted, and keyset pages
so the hundredth page costs what the first does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.orm import Session

from app.core.models import ServiceArea
from app.inbox.kinds import KINDS, STATUSES
from app.inbox.models import InboxItem

PER_PAGE = 50


@dataclass
class InboxFilters:
    kind: str = ""
    status: str = ""
    area: str = ""
    assignee: str = ""
    q: str = ""
    after: tuple[datetime, int] | None = None

    @classmethod
    def from_args(cls, args) -> InboxFilters:
        def one(name: str, allowed) -> str:
            value = args.get(name, "").strip()
            return value if value in allowed else ""

        assignee = args.get("assignee", "").strip()
        if assignee not in {"me", "unassigned"} and not assignee.isdigit():
            assignee = ""
        return cls(
            kind=one("kind", KINDS),
            status=one("status", STATUSES),
            area=args.get("area", "").strip()[:80],
            assignee=assignee[:12],
            q=" ".join(args.get("q", "").split())[:200],
            after=_parse_cursor(args.get("after", "")),
        )

    def query_args(self, **overrides) -> dict:
        args = {
            "kind": self.kind,
            "status": self.status,
            "area": self.area,
            "assignee": self.assignee,
            "q": self.q,
        }
        args.update(overrides)
        return {key: value for key, value in args.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.kind or self.status or self.area or self.assignee or self.q)


def _parse_cursor(text: str) -> tuple[datetime, int] | None:
    try:
        micros, item_id = (int(part) for part in text.split("-", 1))
        return datetime.fromtimestamp(micros / 1_000_000, tz=UTC), item_id
    except (ValueError, OverflowError, OSError):
        return None


def cursor_for(item: InboxItem) -> str:
    return f"{int(item.received_at.timestamp() * 1_000_000)}-{item.id}"


def _conditions(filters: InboxFilters, user_id: int, *, with_status: bool = True) -> list:
    conditions = []
    if filters.kind:
        conditions.append(InboxItem.kind == filters.kind)
    if with_status and filters.status:
        conditions.append(InboxItem.status == filters.status)
    if filters.area:
        area_ids = select(ServiceArea.id).where(ServiceArea.slug == filters.area)
        conditions.append(InboxItem.service_area_id.in_(area_ids.scalar_subquery()))
    if filters.assignee == "me":
        conditions.append(InboxItem.assignee_id == user_id)
    elif filters.assignee == "unassigned":
        conditions.append(InboxItem.assignee_id.is_(None))
    elif filters.assignee:
        conditions.append(InboxItem.assignee_id == int(filters.assignee))
    for word in filters.q.lower().split()[:10]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            or_(
                func.lower(InboxItem.reference).like(pattern, escape="\\"),
                func.lower(InboxItem.subject).like(pattern, escape="\\"),
                func.lower(InboxItem.submitter_name).like(pattern, escape="\\"),
                func.lower(InboxItem.submitter_email).like(pattern, escape="\\"),
                func.lower(InboxItem.body_text).like(pattern, escape="\\"),
            )
        )
    return conditions


@dataclass
class InboxPage:
    items: list[InboxItem]
    total: int
    status_counts: dict[str, int]
    next_cursor: str | None


def _page_query(filters: InboxFilters, user_id: int) -> Select:
    stmt = select(InboxItem).where(*_conditions(filters, user_id))
    if filters.after:
        stmt = stmt.where(tuple_(InboxItem.received_at, InboxItem.id) < tuple_(*filters.after))
    return stmt.order_by(InboxItem.received_at.desc(), InboxItem.id.desc()).limit(PER_PAGE + 1)


def search_inbox(session: Session, filters: InboxFilters, user_id: int) -> InboxPage:
    rows = list(session.scalars(_page_query(filters, user_id)))
    more = len(rows) > PER_PAGE
    items = rows[:PER_PAGE]
    counts = dict(
        session.execute(
            select(InboxItem.status, func.count(InboxItem.id))
            .where(*_conditions(filters, user_id, with_status=False))
            .group_by(InboxItem.status)
        ).all()
    )
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    return InboxPage(
        items=items,
        total=total,
        status_counts=counts,
        next_cursor=cursor_for(items[-1]) if more and items else None,
    )
