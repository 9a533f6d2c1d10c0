import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook

from app.core.spreadsheets import csv_lines, safe_cell, xlsx_bytes, xlsx_cell


def test_formula_starters_are_defused():
    for dangerous in ("=1+1", "+44 1234", "-2", "@SUM(A1)", "\tx", '=HYPERLINK("x")'):
        assert safe_cell(dangerous).startswith("'")


def test_ordinary_values_are_untouched():
    assert safe_cell("Home care") == "Home care"
    assert safe_cell(1250000) == "1250000"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "Yes"


def test_csv_has_a_bom_header_and_quoted_cells():
    text = "".join(csv_lines(["A", "B"], [["x, y", "=cmd"], ["line\nbreak", 3]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["A", "B"], ["x, y", "'=cmd"], ["line\nbreak", "3"]]


def test_xlsx_cells_keep_numbers_and_dates_and_hold_only_what_xml_can():
    assert xlsx_cell(1250000) == 1250000
    assert xlsx_cell(None) is None
    assert xlsx_cell(True) == "Yes"
    assert xlsx_cell(date(2026, 3, 1)) == date(2026, 3, 1)
    # Excel has no time zones: London wall-clock time, to the second.
    summer = datetime(2026, 7, 1, 11, 15, 30, 999, tzinfo=UTC)
    assert xlsx_cell(summer).isoformat() == "2026-07-01T12:15:30"
    assert xlsx_cell("line one\x0bline two\x1b") == "line one\nline two"
    # Cleaned before defusing: a control character cannot hide a formula.
    assert xlsx_cell("\x00=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_a_workbook_with_every_control_character_opens():
    nasty = "".join(chr(code) for code in range(0x20)) + "ŵ"
    content = xlsx_bytes("Sheet: [one]?", ["Name\x0b"], [[nasty, 3], ["=1+1", None]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Sheet one"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name\n", None)
    assert rows[1][0].endswith("ŵ")
    assert rows[1][1] == 3
    assert rows[2][0] == "'=1+1"


def test_every_xlsx_export_is_written_by_write_xlsx():
    """One place makes cells safe: a workbook built anywhere else would not be."""
    app_dir = Path(__file__).resolve().parents[2] / "app"
    builders = [
        path.relative_to(app_dir).as_posix()
        for path in app_dir.rglob("*.py")
        if re.search(r"\bWorkbook\(|\.append\(\[.*safe_cell", path.read_text(encoding="utf-8"))
    ]
    assert builders == ["core/spreadsheets.py"]
