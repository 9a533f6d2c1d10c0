"""`flask --app wsgi send-survey-invitations`, run daily by cron."""

from __future__ import annotations

import click

from app.core.db import db
from app.core.offline import offline_request_context
from app.surveys import bp
from app.surveys.invitations import run_daily


@bp.cli.command("send-survey-invitations")
def send_survey_invitations() -> None:
    """Invite VCS organisations to the open wave and remind those who have
    not answered in its last week. Safe to run more than once a day."""
    with offline_request_context():
        invited, reminded = run_daily(db.session)
    db.session.commit()
    click.echo(f"Survey invitations sent: {invited}. Reminders sent: {reminded}.")
