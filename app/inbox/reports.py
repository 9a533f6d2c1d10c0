"""Figures for /inbox/reports, read from the rollup in report_models.

The rollup is kept up to date by three hooks that app/inbox/services.py calls
(an item received, first replied to, closed or reopened) and can be rebuilt
from scratch with `flask inbox-reports-rebuild`. The page reads only the
rollup, plus one indexed count of overdue open items, so it costs the same
number of queries at a hundred items or a million.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import column, delete, func, select, table, true
from sqlalchemy.orm import Session
from sqlalchemy.types import Boolean, Integer

from app.core.db import UTCDateTime
from app.core.london_time import LONDON, in_london, london_today
from app.inbox.models import InboxItem, InboxReply
from app.inbox.report_models import InboxReportCell

MAX_HOURS = 24 * 400  # longer waits are counted as 400 days


def month_of(moment: datetime) -> date:
    """The first day of the London month `moment` falls in."""
    local = moment.astimezone(LONDON)
    return date(local.year, local.month, 1)


def hours_between(start: datetime, end: datetime) -> int:
    hours = int((end - start).total_seconds() // 3600)
    return max(0, min(hours, MAX_HOURS))


def area_key(item: InboxItem) -> int:
    return item.service_area_id or 0


def _add(
    session: Session, month: date, kind: str, area: int, metric: str, bucket: int, n: int
) -> None:
    """Add `n` to one cell in a single atomic upsert, so two workers filing at
    once neither lose a count nor collide creating the month's first cell."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(InboxReportCell).values(
        month=month, kind=kind, area_key=area, metric=metric, bucket=bucket, count=n
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["month", "kind", "area_key", "metric", "bucket"],
            set_={"count": InboxReportCell.count + statement.excluded.count},
        )
    )


def note_received(session: Session, item: InboxItem) -> None:
    session.flush()
    _add(session, month_of(item.received_at), item.kind, area_key(item), "received", 0, 1)


def note_reply(session: Session, item: InboxItem, at: datetime) -> None:
    """Call before the reply is added: counts it only if it is the first."""
    earlier = session.scalar(select(func.count()).where(InboxReply.item_id == item.id))
    if earlier:
        return
    _add(
        session,
        month_of(at),
        item.kind,
        area_key(item),
        "first_reply",
        hours_between(item.received_at, at),
        1,
    )


def note_closed(session: Session, item: InboxItem, was_closed_at: datetime | None) -> None:
    """Call after closed_at changes: moves the item's closure in the rollup."""
    if was_closed_at == item.closed_at:
        return
    if was_closed_at is not None:
        _add(
            session,
            month_of(was_closed_at),
            item.kind,
            area_key(item),
            "closed",
            hours_between(item.received_at, was_closed_at),
            -1,
        )
    if item.closed_at is not None:
        _add(
            session,
            month_of(item.closed_at),
            item.kind,
            area_key(item),
            "closed",
            hours_between(item.received_at, item.closed_at),
            1,
        )


def from_scratch(session: Session) -> dict[tuple, int]:
    """Every cell's count, worked out from the items themselves."""
    counts: dict[tuple, int] = defaultdict(int)
    first_replies = dict(
        session.execute(
            select(InboxReply.item_id, func.min(InboxReply.created_at)).group_by(InboxReply.item_id)
        ).all()
    )
    rows = session.execute(
        select(
            InboxItem.id,
            InboxItem.kind,
            InboxItem.service_area_id,
            InboxItem.received_at,
            InboxItem.closed_at,
        ).execution_options(yield_per=5000)
    )
    for item_id, kind, area, received_at, closed_at in rows:
        key = area or 0
        counts[(month_of(received_at), kind, key, "received", 0)] += 1
        replied = first_replies.get(item_id)
        if replied is not None:
            counts[
                (month_of(replied), kind, key, "first_reply", hours_between(received_at, replied))
            ] += 1
        if closed_at is not None:
            counts[
                (month_of(closed_at), kind, key, "closed", hours_between(received_at, closed_at))
            ] += 1
    return dict(counts)


def rollup(session: Session) -> dict[tuple, int]:
    rows = session.execute(
        select(
            InboxReportCell.month,
            InboxReportCell.kind,
            InboxReportCell.area_key,
            InboxReportCell.metric,
            InboxReportCell.bucket,
            InboxReportCell.count,
        ).where(InboxReportCell.count != 0)
    )
    return {tuple(row[:5]): row[5] for row in rows}


def rebuild(session: Session) -> int:
    """Replace the rollup with a from-scratch count; the caller commits."""
    counts = from_scratch(session)
    session.execute(delete(InboxReportCell))
    session.add_all(
        InboxReportCell(month=m, kind=k, area_key=a, metric=metric, bucket=b, count=n)
        for (m, k, a, metric, b), n in counts.items()
    )
    session.flush()
    return len(counts)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or london_today()
    end = date(today.year, today.month, 1)
    return add_months(end, -11), end


def percentile(histogram: dict[int, int], fraction: float) -> float | None:
    """The nearest-rank percentile of a histogram of hours, in days."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    rank = max(1, -(-int(total * fraction * 1000) // 1000))
    seen = 0
    for hours in sorted(histogram):
        seen += histogram[hours]
        if seen >= rank:
            return round(hours / 24, 1)
    return None


@dataclass
class Figures:
    months: list[date]
    kinds: list[str]
    areas: list[int]
    received: dict[tuple[date, str], int] = field(default_factory=dict)
    received_by_area: dict[tuple[date, int], int] = field(default_factory=dict)
    first_reply: dict[date, tuple[float | None, float | None, int]] = field(default_factory=dict)
    close: dict[date, tuple[float | None, float | None, int]] = field(default_factory=dict)
    overdue: dict[str, int] = field(default_factory=dict)
    # month -> (consultations open at some time in it, responses received in it)
    consultations: dict[date, tuple[int, int]] = field(default_factory=dict)


# Read by name, not imported: app.consultations depends on the inbox, not the reverse.
_consultation = table(
    "consultation",
    column("id", Integer),
    column("service_area_id", Integer),
    column("published", Boolean),
    column("opens_at", UTCDateTime),
    column("closes_at", UTCDateTime),
)


def figures(
    session: Session, start: date, end: date, limit_areas: frozenset[int] | None
) -> Figures:
    """Two queries: the rollup for the period, and the open items past due."""
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    query = (
        select(
            InboxReportCell.month,
            InboxReportCell.kind,
            InboxReportCell.area_key,
            InboxReportCell.metric,
            InboxReportCell.bucket,
            func.sum(InboxReportCell.count),
        )
        .where(InboxReportCell.month >= start, InboxReportCell.month <= end)
        .group_by(
            InboxReportCell.month,
            InboxReportCell.kind,
            InboxReportCell.area_key,
            InboxReportCell.metric,
            InboxReportCell.bucket,
        )
    )
    if limit_areas is not None:
        query = query.where(InboxReportCell.area_key.in_(sorted(limit_areas)))
    received: dict = defaultdict(int)
    by_area: dict = defaultdict(int)
    hist: dict = {
        "first_reply": defaultdict(lambda: defaultdict(int)),
        "closed": defaultdict(lambda: defaultdict(int)),
    }
    kinds, areas = set(), set()
    for m, kind, area, metric, bucket, n in session.execute(query):
        if metric == "received":
            received[(m, kind)] += n
            by_area[(m, area)] += n
            kinds.add(kind)
            areas.add(area)
        elif metric in hist:
            hist[metric][m][bucket] += n
    overdue_query = (
        select(InboxItem.kind, func.count())
        .where(InboxItem.status != "closed", InboxItem.due_on < london_today())
        .group_by(InboxItem.kind)
    )
    if limit_areas is not None:
        overdue_query = overdue_query.where(InboxItem.service_area_id.in_(sorted(limit_areas)))
    overdue = dict(session.execute(overdue_query).all())
    result = Figures(months=months, kinds=sorted(kinds | set(overdue)), areas=sorted(areas))
    result.received = dict(received)
    result.received_by_area = dict(by_area)
    for m in months:
        for metric, target in (("first_reply", result.first_reply), ("closed", result.close)):
            h = hist[metric].get(m, {})
            target[m] = (percentile(h, 0.5), percentile(h, 0.9), sum(h.values()))
    result.overdue = overdue
    consultations = select(_consultation.c.opens_at, _consultation.c.closes_at).where(
        _consultation.c.published == true(),
        _consultation.c.opens_at < in_london(add_months(end, 1)),
        _consultation.c.closes_at >= in_london(start),
    )
    if limit_areas is not None:
        consultations = consultations.where(
            _consultation.c.service_area_id.in_(sorted(limit_areas))
        )
    spans = session.execute(consultations).all()
    for m in months:
        month_start, month_end = in_london(m), in_london(add_months(m, 1))
        running = sum(1 for opens, closes in spans if opens < month_end and closes >= month_start)
        result.consultations[m] = (running, received.get((m, "consultation_response"), 0))
    return result
