"""`flask --app wsgi retention` and `flask --app wsgi erase EMAIL`.

`retention` is what the worker runs each day; run it by hand with
`--dry-run` to see what the next run would do, or `--as-of` to count the
periods to another day. `erase` removes one person's data everywhere, after
asking on a terminal (or at once with `--yes`, for scripts)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import with_appcontext

from app.core.db import db
from app.core.offline import offline_request_context
from app.core.personal_data import NeedleError, parse_needle


def _day(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("give a date as YYYY-MM-DD, like 2027-03-04") from error


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Say what would be done, and change nothing.")
@click.option(
    "--as-of",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Count the periods to this London day instead of today.",
)
@with_appcontext
def retention_command(dry_run: bool, as_of: date | None) -> None:
    """Anonymise or delete every record past its period under the live policy."""
    from app.core.retention import run

    with offline_request_context():
        outcome = run(db.session, as_of=as_of, dry_run=dry_run, started_by="command")
    verb = "would be" if dry_run else "were"
    for code, entry in outcome.counts.items():
        if not entry["automated"]:
            click.echo(f"{code}: not handled by the run yet")
            continue
        line = f"{code}: {entry['done']} {verb} {entry['action']}d"
        if entry["held"]:
            line += f"; {len(entry['held'])} on legal hold: {', '.join(entry['held'])}"
        click.echo(line)
    for error in outcome.errors:
        click.echo(f"Error: {error['kind']} {error['reference']}: {error['error']}", err=True)
    if outcome.errors:
        sys.exit(1)


@click.command("erase")
@click.argument("email")
@click.option("--reason", required=True, help="Why the data is erased: kept in the audit log.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@with_appcontext
def erase_command(email: str, reason: str, yes: bool) -> None:
    """Erase EMAIL's data from every record and copy, recording the decision."""
    from app.core.erasure import erase, plan

    try:
        needle = parse_needle(email)
    except NeedleError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error
    if needle.email is None:
        raise click.BadParameter("give an email address", param_hint="EMAIL")
    if not reason.strip():
        raise click.BadParameter("say why the data is erased", param_hint="--reason")
    with offline_request_context():
        found = plan(db.session, needle)
        click.echo(f"Records to erase: {', '.join(found.references) or 'none'}")
        if found.held:
            click.echo(f"On legal hold, kept: {', '.join(found.held)}")
        for kind, count in found.by_hand.items():
            click.echo(f"Not erased by this command, deal with by hand: {kind} ({count})")
        if not yes:
            if not sys.stdin.isatty():
                raise click.UsageError("not a terminal: add --yes to erase without asking")
            click.confirm("Erase this person's data everywhere? This cannot be undone", abort=True)
        done = erase(db.session, needle, reason=reason.strip(), actor=None)
        db.session.commit()
    click.echo(f"Erased {len(done.due)} records and every copy of {needle.email}.")
