"""Cells that a spreadsheet cannot mistake for a formula, and the one way
the portal writes .xlsx files.

Every XLSX export goes through `write_xlsx` (or `xlsx_bytes`), which passes
each cell through `xlsx_cell`: text stored long ago, or pasted from Word (its
manual line break is a vertical tab), may hold characters the file's XML
cannot, and openpyxl refuses the whole workbook for one of them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.core.london_time import LONDON
from app.core.text import xml_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_NOT_IN_SHEET_TITLES = re.compile(r"[\\/?*\[\]:]")


def safe_cell(value) -> str:
    """Text as a spreadsheet should show it; a leading quote defuses formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def xlsx_cell(value):
    """A value as an .xlsx cell: numbers stay numbers so they can be added
    up, times are London wall-clock times (Excel has no time zones), dates
    stay dates, and text is defused and holds only what XML can."""
    if value is None:
        return None
    if isinstance(value, bool):
        return safe_cell(value)
    if isinstance(value, int | float | Decimal | date):
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(LONDON).replace(tzinfo=None)
            return value.replace(microsecond=0)
        return value
    # Cleaned first: a text starting with a control character must still be defused.
    return safe_cell(xml_text(value))


def _sheet_title(title: str) -> str:
    return _NOT_IN_SHEET_TITLES.sub("", xml_text(title)).strip()[:31] or "Sheet1"


def write_xlsx(
    target: IO[bytes],
    sheet_title: str,
    header: Sequence,
    rows: Iterable[Iterable],
    *,
    widths: Sequence[int] = (),
    freeze_header: bool = False,
) -> None:
    """One sheet, header first, a row at a time: openpyxl's write-only mode
    keeps no rows in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    if freeze_header:
        sheet.freeze_panes = "A2"
    sheet.append([xlsx_cell(cell) for cell in header])
    for row in rows:
        sheet.append([xlsx_cell(cell) for cell in row])
    workbook.save(target)


def xlsx_bytes(sheet_title: str, header: Sequence, rows: Iterable[Iterable], **options) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheet_title, header, rows, **options)
    return buffer.getvalue()


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """Stream CSV text, starting with a BOM so Excel reads UTF-8 correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
