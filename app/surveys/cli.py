"""`flask --app wsgi send-survey-invitations`, run daily by cron."""

from __future__ import annotations

import click

from app.core.db import db
from app.core.offline import offline_request_context
from app.surveys import bp
from app.surveys.invitations import run_daily
from app.surveys.waves import propose_when_due


@bp.cli.command("send-survey-invitations")
def send_survey_invitations() -> None:
    """Invite VCS organisations to the open wave and remind those who have
    not answered in its last week; once the latest wave has closed, propose
    the next one six months on. Safe to run more than once a day."""
    with offline_request_context():
        invited, reminded = run_daily(db.session)
    proposed = propose_when_due(db.session)
    db.session.commit()
    click.echo(f"Survey invitations sent: {invited}. Reminders sent: {reminded}.")
    if proposed is not None:
        click.echo(f"Next wave proposed for staff to confirm: {proposed.title}.")
