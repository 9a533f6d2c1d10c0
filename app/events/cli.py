"""`flask --app wsgi send-event-reminders`, run daily by cron."""

from __future__ import annotations

import click

from app.core.db import db
from app.core.offline import offline_request_context
from app.events import bp
from app.events.services import send_reminders


@bp.cli.command("send-event-reminders")
def send_event_reminders() -> None:
    """Queue reminders for confirmed bookings of events in the next two days."""
    with offline_request_context():
        queued = send_reminders(db.session)
    db.session.commit()
    click.echo(f"Event reminders queued: {queued}.")
