"""`flask --app wsgi send-alerts --period daily|weekly`, run by cron."""

from __future__ import annotations

import click

from app.core.db import db
from app.core.offline import offline_request_context
from app.suppliers import bp
from app.suppliers.alerts import PERIODS, send_digests


@bp.cli.command("send-alerts")
@click.option("--period", type=click.Choice(PERIODS), required=True, help="Which digests to send")
def send_alerts(period: str) -> None:
    """Queue opportunity alert digests in the outbox (the worker sends them)."""
    # Links in the emails need a host; a command has no request to take it from.
    with offline_request_context():
        queued = send_digests(db.session, period)
    db.session.commit()
    click.echo(f"Alert digests queued: {queued}.")
