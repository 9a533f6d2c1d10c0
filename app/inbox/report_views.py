"""/inbox/reports: figures for commissioners, from the rollup (see reports.py),
with a CSV of each figure, and `flask inbox-reports-rebuild`."""

from __future__ import annotations

import re
from datetime import date

import click
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import role_required
from app.accounts.areas import area_ids
from app.accounts.models import Role
from app.core.db import db
from app.core.downloads import download
from app.core.i18n import current_language
from app.core.models import ServiceArea
from app.core.spreadsheets import csv_lines
from app.inbox import bp
from app.inbox.kinds import KINDS
from app.inbox.reports import Figures, default_period, figures, rebuild

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
REPORTS = ("received", "areas", "times", "overdue", "consultations")


def _month(text: str) -> date | None:
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def _period() -> tuple[date, date, dict[str, str], dict[str, str]]:
    start, end = default_period()
    values = {
        "from": request.args.get("from", start.strftime("%Y-%m")),
        "to": request.args.get("to", end.strftime("%Y-%m")),
    }
    errors: dict[str, str] = {}
    parsed_start, parsed_end = _month(values["from"]), _month(values["to"])
    if parsed_start is None:
        errors["from"] = _("Enter the first month as a year and month, like 2026-01")
    if parsed_end is None:
        errors["to"] = _("Enter the last month as a year and month, like 2026-12")
    if parsed_start and parsed_end:
        if parsed_end < parsed_start:
            errors["to"] = _("The last month must be the same as or after the first month")
        elif (
            parsed_end.year - parsed_start.year
        ) * 12 + parsed_end.month - parsed_start.month > 59:
            errors["to"] = _("Choose a period of 5 years or less")
    if errors:
        return start, end, values, errors
    return parsed_start, parsed_end, values, errors


def _labels(data: Figures) -> tuple[dict[str, str], dict[int, str]]:
    kinds = {code: str(KINDS[code].label) if code in KINDS else code for code in data.kinds}
    language = current_language()
    names = {
        area.id: area.localised_name(language)
        for area in db.session.scalars(db.select(ServiceArea))
    }
    areas = {
        key: names.get(key, _("No service area")) if key else _("No service area")
        for key in data.areas
    }
    return kinds, areas


def _tables(
    data: Figures, kinds: dict[str, str], areas: dict[int, str]
) -> dict[str, tuple[list, list]]:
    def month(m: date) -> str:
        return m.strftime("%Y-%m")

    def days(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    return {
        "received": (
            [_("Month"), *kinds.values(), _("Total")],
            [
                [
                    month(m),
                    *(data.received.get((m, k), 0) for k in kinds),
                    sum(data.received.get((m, k), 0) for k in kinds),
                ]
                for m in data.months
            ],
        ),
        "areas": (
            [_("Month"), *areas.values()],
            [
                [month(m), *(data.received_by_area.get((m, a), 0) for a in areas)]
                for m in data.months
            ],
        ),
        "times": (
            [
                _("Month"),
                _("First replies"),
                _("Median days to first reply"),
                _("90th percentile days to first reply"),
                _("Closed"),
                _("Median days to close"),
                _("90th percentile days to close"),
            ],
            [
                [
                    month(m),
                    data.first_reply[m][2],
                    days(data.first_reply[m][0]),
                    days(data.first_reply[m][1]),
                    data.close[m][2],
                    days(data.close[m][0]),
                    days(data.close[m][1]),
                ]
                for m in data.months
            ],
        ),
        "overdue": (
            [_("Kind"), _("Open and past due")],
            [[kinds.get(k, k), n] for k, n in sorted(data.overdue.items())],
        ),
        "consultations": (
            [
                _("Month"),
                _("Consultations open"),
                _("Responses received"),
                _("Responses per consultation"),
            ],
            [
                [month(m), running, responses, f"{responses / running:.1f}" if running else ""]
                for m, (running, responses) in data.consultations.items()
            ],
        ),
    }


def _build():
    start, end, values, errors = _period()
    data = figures(db.session, start, end, area_ids(current_user))
    kinds, areas = _labels(data)
    return start, end, values, errors, data, _tables(data, kinds, areas)


@bp.get("/inbox/reports")
@role_required(Role.COMMISSIONER)
def reports():
    start, end, values, errors, _data, tables = _build()
    return render_template(
        "inbox/reports.html",
        start=start,
        end=end,
        values=values,
        errors=errors,
        tables=tables,
        status=400 if errors else 200,
    ), (400 if errors else 200)


@bp.get("/inbox/reports.csv")
@role_required(Role.COMMISSIONER)
def reports_csv():
    name = request.args.get("report", "")
    if name not in REPORTS:
        abort(404)
    start, end, _values, errors, _data, tables = _build()
    if errors:
        abort(400)
    header, rows = tables[name]
    filename = f"inbox-{name}-{start:%Y-%m}-to-{end:%Y-%m}.csv"
    return download(
        csv_lines([str(h) for h in header], rows),
        filename=filename,
        mimetype="text/csv",
        private=True,
    )


@bp.cli.command("inbox-reports-rebuild")
def inbox_reports_rebuild() -> None:
    """Recount the inbox reports' rollup from the items (safe to run again)."""
    cells = rebuild(db.session)
    db.session.commit()
    click.echo(f"Rebuilt the inbox reports: {cells} cells.")
