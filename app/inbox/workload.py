"""Who holds what: open items per person and per service area, by how long
they have waited and when they fall due. Counted by the database in two
grouped queries, however many items there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.inbox.models import InboxItem
from app.inbox.search import (
    AGE_BANDS,
    DUE_STATES,
    IS_UNFINISHED,
    age_band_conditions,
    area_limit,
    due_state_conditions,
)

COLUMNS = ("open", *AGE_BANDS, *DUE_STATES)


@dataclass
class WorkloadRow:
    # A staff id or service area id; None for "unassigned" or "no area".
    key: int | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))


def _band_columns(day: date) -> list:
    columns = [func.count().label("open")]
    for band in AGE_BANDS:
        columns.append(func.sum(case((and_(*age_band_conditions(band, day)), 1), else_=0)))
    for state in DUE_STATES:
        columns.append(func.sum(case((and_(*due_state_conditions(state, day)), 1), else_=0)))
    return columns


def workload(
    session: Session, by: str, day: date, limit_areas: frozenset[int] | None
) -> list[WorkloadRow]:
    """Open items grouped by assignee (`by="person"`) or service area."""
    key = InboxItem.assignee_id if by == "person" else InboxItem.service_area_id
    query = (
        select(key, *_band_columns(day))
        .where(IS_UNFINISHED, *area_limit(limit_areas))
        .group_by(key)
    )
    rows = []
    for found in session.execute(query):
        row = WorkloadRow(found[0])
        row.counts = {name: int(value or 0) for name, value in zip(COLUMNS, found[1:], strict=True)}
        rows.append(row)
    return rows
