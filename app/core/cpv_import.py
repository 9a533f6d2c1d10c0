"""`flask cpv-import PATH`: load the whole CPV 2008 vocabulary.

The portal ships the part of the CPV a council's plan mostly uses. A council
that wants every code downloads the official CPV 2008 spreadsheet from the
EU (an .xlsx whose columns are CODE, then one per language: BG, CS, ... EN
...) or writes a CSV of code,label, and loads it here. Nothing is fetched:
the file comes from the council.

Each code must be written as the official list writes it, eight digits, a
hyphen and the check digit ("85311100-3"), and its check digit must be right
(app.core.cpv.check_digit). Lines that fail are reported and left out; the
codes that pass replace CPV_CODES_FILE in one step, so the portal never
reads half a list. If none pass, nothing is written.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.cpv import CPV_FORMAT, check_digit

# How far down the spreadsheet to look for its header row.
HEADER_ROWS = 10


class CpvFileError(ValueError):
    """The file cannot be read as a CPV list at all."""


@dataclass
class ImportResult:
    codes: dict[str, str] = field(default_factory=dict)
    # (row number in the file, what was there, why it was left out)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def _words(value) -> str:
    return " ".join(str(value or "").split())


def _xlsx_rows(path: Path) -> Iterator[tuple[int, str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a bad file
        raise CpvFileError(
            f"{path.name} is not a spreadsheet openpyxl can read: {error}"
        ) from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        columns = None
        for number, row in enumerate(rows, 1):
            cells = [_words(cell).upper() for cell in row]
            if columns is None:
                if "CODE" in cells and "EN" in cells:
                    columns = (cells.index("CODE"), cells.index("EN"))
                elif number >= HEADER_ROWS:
                    raise CpvFileError(
                        f"No header row with CODE and EN in the first {HEADER_ROWS} rows"
                    )
                continue
            code_at, label_at = columns
            code = _words(row[code_at]) if code_at < len(row) else ""
            label = _words(row[label_at]) if label_at < len(row) else ""
            if code or label:
                yield number, code, label
        if columns is None:
            raise CpvFileError("No header row with CODE and EN")
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), 1):
            cells = [_words(cell) for cell in row]
            if not any(cells):
                continue
            if number == 1 and cells[0].lower() == "code":
                continue  # a header row
            yield number, cells[0], cells[1] if len(cells) > 1 else ""


def read_cpv_file(path: Path) -> ImportResult:
    """Every valid code in the file, and every line left out with its reason."""
    if not path.is_file():
        raise CpvFileError(f"No file at {path}")
    rows = _xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_rows(path)
    result = ImportResult()
    for number, code, label in rows:
        match = CPV_FORMAT.fullmatch(code)
        if not match:
            result.problems.append((number, code, "not eight digits, a hyphen and a check digit"))
        elif int(match.group(2)) != check_digit(match.group(1)):
            result.problems.append(
                (number, code, f"wrong check digit (should be {check_digit(match.group(1))})")
            )
        elif not label:
            result.problems.append((number, code, "no English label"))
        elif code in result.codes:
            result.problems.append((number, code, "listed twice; the first is kept"))
        else:
            result.codes[code] = label
    return result


def write_codes(codes: dict[str, str], target: Path) -> None:
    """Replace `target` in one step: the portal reads the old list or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"{code}\t{label}\n" for code, label in sorted(codes.items()))
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cpv-", suffix=".tsv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(lines)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("cpv-import")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def cpv_import_command(path: Path) -> None:
    """Load the full CPV 2008 list from the EU's spreadsheet (XLSX) or a code,label CSV."""
    target = current_app.config.get("CPV_CODES_FILE") or ""
    if not target:
        raise click.ClickException("CPV_CODES_FILE is not set, so there is nowhere to write")
    try:
        result = read_cpv_file(path)
    except CpvFileError as error:
        raise click.ClickException(str(error)) from error
    for number, code, reason in result.problems[:50]:
        click.echo(f"Row {number}: {code or '(empty)'}: {reason}", err=True)
    if len(result.problems) > 50:
        click.echo(f"... and {len(result.problems) - 50} more rows left out.", err=True)
    if not result.codes:
        raise click.ClickException("No valid CPV codes found; the list in use is unchanged")
    write_codes(result.codes, Path(target))
    click.echo(
        f"CPV codes written: {len(result.codes)}, rows left out: {len(result.problems)}. "
        f"The portal now offers the codes in {target}."
    )


def init_app(app) -> None:
    app.cli.add_command(cpv_import_command)
