"""Reading the inbox: filters from the URL, never trusted, and keyset pages
so the hundredth page costs what the first does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, and_, false, func, literal_column, or_, select, tuple_
from sqlalchemy.orm import Session

from app.core.db import db
from app.core.london_time import in_london, london_today
from app.core.models import ServiceArea
from app.core.paging import cursor_text, keyset_cursor
from app.inbox.fulltext import matches
from app.inbox.kinds import FINISHED_STATUSES, KINDS, all_statuses, statuses_for
from app.inbox.models import InboxItem, InboxTag, inbox_item_tag

PER_PAGE = 50
FLAGS = ("urgent", "safeguarding", "overdue")
SORTS = ("received", "oldest", "due")


@dataclass
class InboxFilters:
    kind: str = ""
    status: str = ""
    area: str = ""
    assignee: str = ""
    q: str = ""
    flag: str = ""
    tag: str = ""
    # One consultation, event, survey wave or Right to Challenge service.
    source: str = ""
    received_from: date | None = None
    received_to: date | None = None
    # From the workload page: only open items, by how old and when due.
    open_only: bool = False
    age: str = ""
    due: str = ""
    sort: str = "received"
    after: str = ""
    # The service areas the reader is limited to; None means every area.
    limit_areas: frozenset[int] | None = None

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
            status=one("status", all_statuses()),
            area=args.get("area", "").strip()[:80],
            assignee=assignee[:12],
            q=" ".join(args.get("q", "").split())[:200],
            flag=one("flag", FLAGS),
            tag=" ".join(args.get("tag", "").split()).lower()[:60],
            source=_parse_source(args.get("source", "")),
            received_from=_parse_day(args.get("from", "")),
            received_to=_parse_day(args.get("to", "")),
            open_only=args.get("open", "") == "1",
            age=one("age", AGE_BANDS),
            due=one("due", DUE_STATES),
            sort=one("sort", SORTS) or "received",
            after=args.get("after", "").strip()[:40],
        )

    def query_args(self, **overrides) -> dict:
        args = {
            "kind": self.kind,
            "status": self.status,
            "area": self.area,
            "assignee": self.assignee,
            "q": self.q,
            "flag": self.flag,
            "tag": self.tag,
            "source": self.source,
            "from": self.received_from.isoformat() if self.received_from else "",
            "to": self.received_to.isoformat() if self.received_to else "",
            "open": "1" if self.open_only else "",
            "age": self.age,
            "due": self.due,
            "sort": self.sort if self.sort != "received" else "",
        }
        args.update(overrides)
        return {key: value for key, value in args.items() if value}

    @property
    def active(self) -> bool:
        return bool(
            self.kind
            or self.status
            or self.area
            or self.assignee
            or self.q
            or self.flag
            or self.tag
            or self.source
            or self.received_from
            or self.received_to
            or self.open_only
            or self.age
            or self.due
        )


SOURCE_KINDS = ("consultation", "event", "wave", "service")


def _parse_source(text: str) -> str:
    """A source key such as "event:4"; anything else is ignored."""
    kind, _, number = text.strip().partition(":")
    if kind in SOURCE_KINDS and number.isdigit() and len(number) <= 10:
        return f"{kind}:{int(number)}"
    return ""


def _parse_day(text: str) -> date | None:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if date(2000, 1, 1) <= day <= date(2100, 1, 1) else None


def _london_midnight(day: date) -> datetime:
    return in_london(day)


def today() -> date:
    return london_today()


# Keyset cursors: "<sort key>-<id>" of the last item shown. The key is the
# received time in microseconds, or the due date's ordinal ("n" for none).
def cursor_for(item: InboxItem, sort: str) -> str:
    if sort == "due":
        key = item.due_on.toordinal() if item.due_on else None
    else:
        key = int(item.received_at.timestamp() * 1_000_000)
    return cursor_text(key, item.id)


def _after(sort: str, raw: str):
    cursor = keyset_cursor(raw)
    if cursor is None:
        return None
    item_id = cursor.id
    try:
        if sort == "due":
            if cursor.key is None:
                return and_(InboxItem.due_on.is_(None), InboxItem.id > item_id)
            due = date.fromordinal(cursor.key)
            return or_(
                InboxItem.due_on > due,
                and_(InboxItem.due_on == due, InboxItem.id > item_id),
                InboxItem.due_on.is_(None),
            )
        if cursor.key is None:
            return None
        received = datetime.fromtimestamp(cursor.key / 1_000_000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        # A well-formed cursor for a day or time no calendar holds.
        return None
    if sort == "oldest":
        return tuple_(InboxItem.received_at, InboxItem.id) > tuple_(received, item_id)
    return tuple_(InboxItem.received_at, InboxItem.id) < tuple_(received, item_id)


ORDERS = {
    "received": (InboxItem.received_at.desc(), InboxItem.id.desc()),
    "oldest": (InboxItem.received_at.asc(), InboxItem.id.asc()),
    "due": (InboxItem.due_on.asc().nulls_last(), InboxItem.id.asc()),
}


# The area filter's value for items with no service area.
NO_AREA = "none"

# How long an open item has waited since it arrived, in whole London days:
# under a week (0-6), a week to four (7-27), four weeks or more (28+).
AGE_BANDS = ("under_7", "7_to_27", "28_plus")
DUE_STATES = ("overdue", "today", "later", "none")
IS_UNFINISHED = and_(
    InboxItem.status != literal_column("'closed'"),
    InboxItem.status.not_in(sorted(FINISHED_STATUSES - {"closed"})),
)


def age_band_conditions(band: str, day: date) -> list:
    week_start = _london_midnight(day - timedelta(days=6))
    month_start = _london_midnight(day - timedelta(days=27))
    if band == "under_7":
        return [InboxItem.received_at >= week_start]
    if band == "7_to_27":
        return [InboxItem.received_at >= month_start, InboxItem.received_at < week_start]
    return [InboxItem.received_at < month_start]


def due_state_conditions(state: str, day: date) -> list:
    if state == "none":
        return [InboxItem.due_on.is_(None)]
    if state == "overdue":
        return [InboxItem.due_on < day, IS_UNFINISHED]
    if state == "today":
        return [InboxItem.due_on == day]
    return [InboxItem.due_on > day]


def area_limit(limit: frozenset[int] | None) -> list:
    """Staff limited to service areas see nothing outside them, nor items with no area."""
    return [] if limit is None else [InboxItem.service_area_id.in_(sorted(limit))]


def _conditions(
    filters: InboxFilters, user_id: int, *, with_status: bool = True, dialect: str | None = None
) -> list:
    conditions = area_limit(filters.limit_areas)
    if filters.kind:
        conditions.append(InboxItem.kind == filters.kind)
    if filters.source:
        conditions.append(InboxItem.source_key == filters.source)
    if with_status and filters.status:
        conditions.append(InboxItem.status == filters.status)
    if filters.area == NO_AREA:
        conditions.append(InboxItem.service_area_id.is_(None))
    elif filters.area:
        area_ids = select(ServiceArea.id).where(ServiceArea.slug == filters.area)
        conditions.append(InboxItem.service_area_id.in_(area_ids.scalar_subquery()))
    if filters.assignee == "me":
        conditions.append(InboxItem.assignee_id == user_id)
    elif filters.assignee == "unassigned":
        conditions.append(InboxItem.assignee_id.is_(None))
    elif filters.assignee:
        conditions.append(InboxItem.assignee_id == int(filters.assignee))
    if filters.flag == "urgent":
        conditions.append(InboxItem.urgent)
    elif filters.flag == "safeguarding":
        conditions.append(InboxItem.safeguarding)
    elif filters.flag == "overdue":
        conditions.append(InboxItem.due_on < today())
        conditions.append(InboxItem.status != "closed")
    if filters.tag:
        tagged = (
            select(inbox_item_tag.c.item_id)
            .join(InboxTag, InboxTag.id == inbox_item_tag.c.tag_id)
            .where(InboxTag.name == filters.tag)
        )
        conditions.append(InboxItem.id.in_(tagged.scalar_subquery()))
    if filters.received_from:
        conditions.append(InboxItem.received_at >= _london_midnight(filters.received_from))
    if filters.received_to:
        end = _london_midnight(filters.received_to + timedelta(days=1))
        conditions.append(InboxItem.received_at < end)
    if filters.open_only:
        conditions.append(IS_UNFINISHED)
    if filters.age:
        conditions.extend(age_band_conditions(filters.age, today()))
    if filters.due:
        conditions.extend(due_state_conditions(filters.due, today()))
    if filters.q:
        # An export builds its queries after the request has ended, where
        # db.engine cannot be reached: it passes the dialect in.
        found = matches(filters.q, dialect or db.engine.dialect.name)
        # A query of punctuation alone has no words, and finds nothing.
        conditions.append(found if found is not None else false())
    return conditions


# Counting stops here: past it the page says "more than 10,000", and a
# count never reads more index entries than this, however big the inbox.
COUNT_CAP = 10_000
# A text search's matches must each be fetched to be counted, so its count
# stops much sooner: a search is for finding, and "more than 200" says to
# narrow it.
SEARCH_COUNT_CAP = 200


@dataclass
class InboxPage:
    items: list[InboxItem]
    # Counted up to cap + 1; above the cap read as "more than".
    total: int
    cap: int
    # None when a text search matched too many to count by status.
    status_counts: dict[str, int] | None
    next_cursor: str | None

    @property
    def total_capped(self) -> bool:
        return self.total > self.cap

    def count_of(self, status: str) -> int | None:
        return None if self.status_counts is None else self.status_counts.get(status, 0)


def _page_query(filters: InboxFilters, user_id: int) -> Select:
    stmt = select(InboxItem).where(*_conditions(filters, user_id))
    after = _after(filters.sort, filters.after) if filters.after else None
    if after is not None:
        stmt = stmt.where(after)
    return stmt.order_by(*ORDERS[filters.sort]).limit(PER_PAGE + 1)


def statuses_counted(filters: InboxFilters) -> list[str]:
    return list(statuses_for(filters.kind) if filters.kind else all_statuses())


def status_counts(session: Session, filters: InboxFilters, user_id: int) -> dict[str, int] | None:
    """How many items match the filters in each status, in one query, or
    None when a text search matches more than SEARCH_COUNT_CAP items.

    Without a text search each status is counted up to COUNT_CAP + 1 from
    the status indexes: an exact count of every closed item in a large inbox
    would read the whole of it on every page. A text search's matches come
    from the full-text index, not the status ones, so they are read once, at
    most SEARCH_COUNT_CAP + 1 of them: exact counts when there are fewer, and
    none (the page says "more than 200") when there are more.
    """
    conditions = _conditions(filters, user_id, with_status=False)
    if filters.q:
        matched = select(InboxItem.status).where(*conditions).limit(SEARCH_COUNT_CAP + 1).subquery()
        counts = dict(
            session.execute(select(matched.c.status, func.count()).group_by(matched.c.status)).all()
        )
        return counts if sum(counts.values()) <= SEARCH_COUNT_CAP else None
    codes = statuses_counted(filters)
    columns = []
    for number, code in enumerate(codes):
        capped = (
            select(literal_column("1"))
            .select_from(InboxItem)
            .where(InboxItem.status == code, *conditions)
            .limit(COUNT_CAP + 1)
            .subquery()
        )
        columns.append(
            select(func.count()).select_from(capped).scalar_subquery().label(f"s{number}")
        )
    row = session.execute(select(*columns)).one()
    return {code: count for code, count in zip(codes, row, strict=True) if count}


def search_inbox(session: Session, filters: InboxFilters, user_id: int) -> InboxPage:
    rows = list(session.scalars(_page_query(filters, user_id)))
    more = len(rows) > PER_PAGE
    items = rows[:PER_PAGE]
    cap = SEARCH_COUNT_CAP if filters.q else COUNT_CAP
    if filters.q and not more and not filters.after:
        # The page holds every match: count them from it.
        counts: dict[str, int] | None = {}
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
        if filters.status:
            counts = status_counts(session, filters, user_id)
    else:
        counts = status_counts(session, filters, user_id)
    if counts is None:
        total = cap + 1
    elif filters.status:
        total = counts.get(filters.status, 0)
    else:
        total = min(sum(counts.values()), cap + 1)
    return InboxPage(
        items=items,
        total=total,
        cap=cap,
        status_counts=counts,
        next_cursor=cursor_for(items[-1], filters.sort) if more and items else None,
    )


@dataclass
class Dashboard:
    new_this_week: int
    overdue: int
    urgent: int
    safeguarding: int
    open_by_kind: dict[str, int]


# Open means not finished: a decided challenge or a cancelled booking is not
# open either. "status != 'closed'" is kept, as a literal, so PostgreSQL sees
# the condition matches the partial index on open items.
IS_OPEN = IS_UNFINISHED


def dashboard(session: Session, limit_areas: frozenset[int] | None = None) -> Dashboard:
    """The figures at the top of the inbox: five small counts, each served by
    an index (open items are a small part of a large inbox), never a scan
    of every item."""
    visible = area_limit(limit_areas)
    week_ago = datetime.now(UTC) - timedelta(days=7)

    def count(*conditions) -> int:
        return (
            session.scalar(select(func.count()).select_from(InboxItem).where(*conditions, *visible))
            or 0
        )

    by_kind = dict(
        session.execute(
            select(InboxItem.kind, func.count()).where(IS_OPEN, *visible).group_by(InboxItem.kind)
        ).all()
    )
    return Dashboard(
        new_this_week=count(InboxItem.received_at >= week_ago),
        overdue=count(IS_OPEN, InboxItem.due_on < today()),
        urgent=count(IS_OPEN, InboxItem.urgent),
        safeguarding=count(IS_OPEN, InboxItem.safeguarding),
        open_by_kind=by_kind,
    )
