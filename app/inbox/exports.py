"""The inbox list as a download: every item matching the list's filters, in
the list's order, as CSV or as an Excel workbook.

Items are read in keyset batches (the same filters and order as the list,
continuing after the last row of the previous batch), each on a connection
borrowed from the pool for one short read and handed back. Only the columns
the export shows are selected, so a million items export in the memory one
batch takes, and no transaction stays open while the file downloads.

The batches are not one snapshot: an item changed while a long export runs
may appear with its old or its new values, or (if the change moves it out of
the filters or back past the cursor) not at all. That is the price of not
holding a transaction open for minutes.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Engine, Row, and_, literal, or_, select, tuple_
from sqlalchemy.orm import aliased

from app.accounts.models import StaffUser
from app.core.london_time import LONDON
from app.core.models import ServiceArea
from app.core.spreadsheets import csv_lines, write_xlsx
from app.inbox.kinds import KINDS, all_statuses
from app.inbox.models import InboxItem, InboxTag, inbox_item_tag
from app.inbox.search import ORDERS, InboxFilters, _conditions

# Rows read per query. Memory grows with this, never with the export's size.
BATCH_SIZE = 2000
# CSV text is sent in pieces of about this size rather than a write per row.
CHUNK_SIZE = 64 * 1024
COLUMN_WIDTHS = (16, 24, 40, 24, 18, 16, 20, 12, 8, 8, 24, 24, 30, 10, 60)

# Aliased so the area filter's subquery on service_area is not correlated
# with the join that fetches the area's name.
_Area = aliased(ServiceArea)
_Assignee = aliased(StaffUser)

_COLUMNS = (
    InboxItem.id,
    InboxItem.reference,
    InboxItem.kind,
    InboxItem.subject,
    _Area.name.label("area_name"),
    _Area.name_cy.label("area_name_cy"),
    InboxItem.received_at,
    InboxItem.status,
    _Assignee.name.label("assignee_name"),
    InboxItem.due_on,
    InboxItem.urgent,
    InboxItem.safeguarding,
    InboxItem.submitter_name,
    InboxItem.submitter_email,
    InboxItem.submitter_locale,
    InboxItem.body_text,
)


@dataclass(frozen=True)
class ExportLabels:
    """Everything that depends on the reader's language, settled while the
    request is live so rows can be written after it has ended."""

    language: str
    header: list[str]
    kinds: dict[str, str]
    statuses: dict[str, str]
    languages: dict[str, str]
    yes: str
    no: str
    sheet_title: str


def export_labels(language: str) -> ExportLabels:
    return ExportLabels(
        language=language,
        header=[
            _("Reference"),
            _("Kind"),
            _("Subject"),
            _("Service area"),
            _("Received"),
            _("Status"),
            _("Assigned to"),
            _("Due date"),
            _("Urgent"),
            _("Safeguarding"),
            _("Themes"),
            _("Submitter name"),
            _("Submitter email"),
            _("Language"),
            _("Submission text"),
        ],
        kinds={code: str(kind.label) for code, kind in KINDS.items()},
        statuses={code: str(label) for code, label in all_statuses().items()},
        languages=dict(current_app.config["LANGUAGES"]),
        yes=_("Yes"),
        no=_("No"),
        sheet_title=_("Inbox"),
    )


# --- Reading --------------------------------------------------------------


def _after_row(sort: str, last: Row):
    """Items after `last` in the list's order (see search.ORDERS)."""
    if sort == "due":
        if last.due_on is None:
            return and_(InboxItem.due_on.is_(None), InboxItem.id > last.id)
        return or_(
            InboxItem.due_on > last.due_on,
            and_(InboxItem.due_on == last.due_on, InboxItem.id > last.id),
            InboxItem.due_on.is_(None),
        )
    # Typed literals, so the time is bound exactly as the column stores it.
    # A row-value comparison lets SQLite and PostgreSQL start the index scan
    # at the cursor instead of filtering from the top on every batch.
    cursor = tuple_(
        literal(last.received_at, InboxItem.received_at.type),
        literal(last.id, InboxItem.id.type),
    )
    key = tuple_(InboxItem.received_at, InboxItem.id)
    return key > cursor if sort == "oldest" else key < cursor


def _batch_query(filters: InboxFilters, user_id: int, last: Row | None, limit: int, dialect: str):
    stmt = (
        select(*_COLUMNS)
        .select_from(InboxItem)
        .outerjoin(_Area, _Area.id == InboxItem.service_area_id)
        .outerjoin(_Assignee, _Assignee.id == InboxItem.assignee_id)
        .where(*_conditions(filters, user_id, dialect=dialect))
    )
    if last is not None:
        stmt = stmt.where(_after_row(filters.sort, last))
    return stmt.order_by(*ORDERS[filters.sort]).limit(limit)


def _themes(conn, ids: list[int]) -> dict[int, str]:
    """The batch's themes, one query for the whole batch."""
    if not ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    for item_id, name in conn.execute(
        select(inbox_item_tag.c.item_id, InboxTag.name)
        .join(InboxTag, InboxTag.id == inbox_item_tag.c.tag_id)
        .where(inbox_item_tag.c.item_id.in_(ids))
        .order_by(inbox_item_tag.c.item_id, InboxTag.name)
    ):
        found[item_id].append(name)
    return {item_id: ", ".join(names) for item_id, names in found.items()}


def matching_rows(
    engine: Engine, filters: InboxFilters, user_id: int, batch_size: int | None = None
) -> Iterator[tuple[Row, str]]:
    """Every item the list would show for these filters, in its order, with
    its themes: two short queries per batch, never one per item.
    `filters.after` (the list's page) is ignored: an export starts at the top."""
    limit = batch_size or BATCH_SIZE
    last = None
    while True:
        with engine.connect() as conn:
            batch = conn.execute(
                _batch_query(filters, user_id, last, limit, engine.dialect.name)
            ).all()
            themes = _themes(conn, [row.id for row in batch])
        for row in batch:
            yield row, themes.get(row.id, "")
        if len(batch) < limit:
            return
        last = batch[-1]
        del batch, themes


# --- Cells ----------------------------------------------------------------


def _values(item: tuple[Row, str], labels: ExportLabels) -> list:
    """One item's cells as values: text, a London time, a date, or None."""
    row, themes = item
    area = row.area_name_cy if labels.language == "cy" and row.area_name_cy else row.area_name
    return [
        row.reference,
        labels.kinds.get(row.kind, row.kind),
        row.subject,
        area,
        row.received_at.astimezone(LONDON) if row.received_at else None,
        labels.statuses.get(row.status, row.status),
        row.assignee_name,
        row.due_on,
        labels.yes if row.urgent else labels.no,
        labels.yes if row.safeguarding else labels.no,
        themes,
        row.submitter_name,
        row.submitter_email,
        labels.languages.get(row.submitter_locale, row.submitter_locale),
        row.body_text,
    ]


def _csv_value(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def inbox_csv(rows: Iterable[tuple[Row, str]], labels: ExportLabels) -> Iterator[bytes]:
    """UTF-8 CSV (with a BOM, for Excel), every cell defused by csv_lines,
    in pieces of about CHUNK_SIZE bytes."""
    lines = csv_lines(
        labels.header, ([_csv_value(value) for value in _values(row, labels)] for row in rows)
    )
    pending: list[str] = []
    size = 0
    for line in lines:
        pending.append(line)
        size += len(line)
        if size >= CHUNK_SIZE:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def write_inbox_xlsx(
    rows: Iterable[tuple[Row, str]], labels: ExportLabels, target: IO[bytes]
) -> None:
    """Write the workbook to `target`, a row at a time.

    openpyxl's write-only mode keeps no rows in memory (rows go to a
    temporary file as they are appended, strings are written inline rather
    than into a shared-strings table), but an .xlsx file is a zip whose
    directory comes last, so nothing can be sent until the last row is
    written. The caller therefore writes to a temporary file and streams
    that: memory stays flat, at the cost of disk space for the file and a
    wait before the first byte (long for very large exports; see
    bench/README.md).
    """
    write_xlsx(
        target,
        labels.sheet_title,
        labels.header,
        (_values(row, labels) for row in rows),
        widths=COLUMN_WIDTHS,
        freeze_header=True,
    )


def inbox_xlsx_file(rows: Iterable[tuple[Row, str]], labels: ExportLabels) -> IO[bytes]:
    """The workbook in an anonymous temporary file, rewound for reading.

    The file has no name on disk (POSIX), so it disappears when closed,
    however the download ends.
    """
    target = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    try:
        write_inbox_xlsx(rows, labels, target)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return target


def file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk
    finally:
        handle.close()
