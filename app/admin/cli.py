"""`flask --app wsgi subject-access EMAIL --out DIR`: the same report as the
page, for a data protection officer who scripts their requests."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import render_template
from flask.cli import with_appcontext

from app.core.audit import record
from app.core.db import db
from app.core.offline import offline_request_context
from app.core.personal_data import NeedleError, parse_needle


@click.command("subject-access")
@click.argument("email")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write report.html and report.json into (made if missing).",
)
@with_appcontext
def subject_access_command(email: str, out: Path) -> None:
    """Write everything held about EMAIL to report.html and report.json."""
    from app.admin.subject_access import search

    try:
        needle = parse_needle(email)
    except NeedleError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error
    if needle.email is None:
        raise click.BadParameter("give an email address", param_hint="EMAIL")
    # Links in the report and translations need a request, as emails do.
    with offline_request_context():
        findings = search(db.session, needle)
        html = render_template("admin/subject_access_report.html", findings=findings)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(html, encoding="utf-8")
    (out / "report.json").write_text(
        json.dumps(findings.as_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    record(
        db.session,
        "subject_access.export",
        object_type="subject_access",
        summary="Wrote a subject access report from the command line",
        details={"query_kind": needle.kind, "count": findings.total},
    )
    db.session.commit()
    for source, holdings in findings.groups:
        click.echo(f"{source.kind}: {len(holdings)}")
    click.echo(f"Wrote {out / 'report.html'} and {out / 'report.json'}")
