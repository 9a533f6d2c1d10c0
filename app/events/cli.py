"""`flask --app wsgi send-event-reminders`, run daily by cron."""

from __future__ import annotations

import click
from flask import current_app

from app.core.db import db
from app.events import bp
from app.events.services import send_reminders


@bp.cli.command("send-event-reminders")
def send_event_reminders() -> None:
    """Queue reminders for confirmed bookings of events in the next two days."""
    with current_app.test_request_context("/"):
        queued = send_reminders(db.session)
    db.session.commit()
    click.echo(f"Event reminders queued: {queued}.")
