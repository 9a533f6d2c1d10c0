"""`flask cpv-import PATH`: a council loads the full CPV 2008 list from the
EU's spreadsheet (or a code,label CSV); each code's format and check digit
are checked, and the portal then offers the imported list instead of the
shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.cpv import CPV_FILE, check_digit, cpv_code, cpv_codes, search_cpv


def official_xlsx(path: Path, rows: list[tuple[str, str]], title_rows: int = 0) -> Path:
    """A small spreadsheet shaped like the EU's CPV 2008 file: CODE, then a
    column per language, EN among them."""
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["Common Procurement Vocabulary 2008"])
    sheet.append(["CODE", "BG", "CS", "DA", "DE", "EN", "FR"])
    for code, english in rows:
        sheet.append([code, "bg", "cs", "da", "de", english, "fr"])
    book.save(path)
    return path


@pytest.fixture
def target(app, tmp_path, monkeypatch):
    path = tmp_path / "instance" / "cpv_2008.tsv"
    monkeypatch.setitem(app.config, "CPV_CODES_FILE", str(path))
    return path


def run(app, path: Path):
    return app.test_cli_runner().invoke(args=["cpv-import", str(path)])


def test_the_check_digit_rule_holds_for_every_code_shipped_with_the_portal():
    """CPV 2008: digits weighted 3, 7, 1, 3, 7, 1, 3, 7, added, modulo 10."""
    lines = [line for line in CPV_FILE.read_text(encoding="utf-8").splitlines() if line]
    assert len(lines) > 50
    for line in lines:
        code = line.split("\t")[0]
        assert int(code[9]) == check_digit(code[:8]), code
    assert check_digit("85311100") == 3
    assert check_digit("45000000") == 7


def test_an_official_spreadsheet_is_imported_and_then_offered(app, tmp_path, target):
    source = official_xlsx(
        tmp_path / "cpv_2008_ver_2013.xlsx",
        [
            ("03000000-1", "Agricultural, farming, fishing, forestry and related products"),
            ("85311100-3", "Welfare services for the elderly"),
            ("34144510-6", "Vehicles for refuse"),
        ],
        title_rows=2,
    )
    with app.app_context():
        assert cpv_code("34144510") is None  # not in the shipped list
    result = run(app, source)
    assert result.exit_code == 0, result.output
    assert "CPV codes written: 3, rows left out: 0." in result.output
    assert target.read_text(encoding="utf-8").splitlines() == [
        "03000000-1\tAgricultural, farming, fishing, forestry and related products",
        "34144510-6\tVehicles for refuse",
        "85311100-3\tWelfare services for the elderly",
    ]
    with app.app_context():
        assert cpv_code("34144510-6") == "34144510"
        assert search_cpv("refuse") == [("34144510", "Vehicles for refuse")]
        # The imported list replaces the shipped one: a shipped code not in it is gone.
        assert cpv_code("85312000") is None


def test_codes_with_a_bad_format_or_check_digit_are_reported_and_left_out(app, tmp_path, target):
    source = official_xlsx(
        tmp_path / "cpv.xlsx",
        [
            ("85311100-3", "Welfare services for the elderly"),
            ("85311100-4", "Wrong check digit"),
            ("85311100", "No check digit"),
            ("8531110-3", "Seven digits"),
            ("85312000-9", ""),
            ("85311100-3", "Listed again"),
        ],
    )
    result = run(app, source)
    assert result.exit_code == 0, result.output
    assert "Row 3: 85311100-4: wrong check digit (should be 3)" in result.output
    assert "Row 4: 85311100: not eight digits, a hyphen and a check digit" in result.output
    assert "Row 5: 8531110-3: not eight digits" in result.output
    assert "Row 6: 85312000-9: no English label" in result.output
    assert "Row 7: 85311100-3: listed twice" in result.output
    assert "CPV codes written: 1, rows left out: 5." in result.output
    assert target.read_text(encoding="utf-8") == "85311100-3\tWelfare services for the elderly\n"


def test_a_csv_of_code_and_label_is_imported(app, tmp_path, target):
    source = tmp_path / "cpv.csv"
    source.write_text(
        'code,label\n85311100-3,Welfare services for the elderly\n45000000-7,"Construction work"\n',
        encoding="utf-8-sig",
    )
    result = run(app, source)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(cpv_codes()) == {"85311100", "45000000"}


def test_a_file_with_no_valid_code_leaves_the_list_in_use_unchanged(app, tmp_path, target):
    target.parent.mkdir(parents=True)
    target.write_text("85311100-3\tWelfare services for the elderly\n", encoding="utf-8")
    source = tmp_path / "cpv.csv"
    source.write_text("12345678-1,Wrong check digit\nabc,Not a code\n", encoding="utf-8")
    result = run(app, source)
    assert result.exit_code != 0
    assert "No valid CPV codes found" in result.output
    assert target.read_text(encoding="utf-8").startswith("85311100-3")


def test_a_spreadsheet_without_code_and_en_columns_is_refused(app, tmp_path, target):
    book = Workbook()
    book.active.append(["Reference", "Description"])
    book.active.append(["85311100-3", "Welfare services for the elderly"])
    book.save(tmp_path / "other.xlsx")
    result = run(app, tmp_path / "other.xlsx")
    assert result.exit_code != 0
    assert "No header row with CODE and EN" in result.output
    assert not target.exists()


def test_without_an_imported_file_the_shipped_list_is_used(app, target):
    assert not target.exists()
    with app.app_context():
        assert cpv_code("85311100") == "85311100"
        assert len(cpv_codes()) == len(CPV_FILE.read_text(encoding="utf-8").splitlines())
