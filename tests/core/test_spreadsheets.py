import csv
import io

from app.core.spreadsheets import csv_lines, safe_cell


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
