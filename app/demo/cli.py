"""`flask --app wsgi demo-data`: the fictional council, loaded through the
capabilities' own services so the demo shows what real use produces."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Blueprint, current_app

from app.core.db import db

bp = Blueprint("demo", __name__, cli_group=None)

DEMO_STAFF_EMAIL = "demo.commissioner@elmsworth.gov.example"


def _demo_password() -> str:
    """One random password per installation, kept so repeated runs agree."""
    if os.environ.get("DEMO_STAFF_PASSWORD"):
        return os.environ["DEMO_STAFF_PASSWORD"]
    path = Path(current_app.instance_path) / "demo-staff-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


@bp.cli.command("demo-data")
@click.option("--with-staff/--no-staff", default=True, help="Create the demo staff account")
def demo_data(with_staff: bool) -> None:
    """Load the fictional council's service areas and forward plan (safe to repeat)."""
    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff, find_staff
    from app.demo.consultations import load_demo_consultations
    from app.demo.events import load_demo_events
    from app.demo.inbox import load_demo_inbox
    from app.demo.plans import load_demo_plans

    areas, created, updated = load_demo_plans(db.session)
    click.echo(f"Service areas: {areas}. Plan items added: {created}, changed: {updated}.")
    click.echo(f"Inbox submissions added: {load_demo_inbox(db.session)}.")
    click.echo(f"Consultations added: {load_demo_consultations(db.session)}.")
    suppliers, events = load_demo_events(db.session)
    click.echo(f"Suppliers added: {suppliers}. Events added: {events}.")
    if with_staff:
        if os.environ.get("PORTAL_ENV", "development") == "production":
            raise click.ClickException("Refusing to create a demo account in production.")
        password = _demo_password()
        user = find_staff(db.session, DEMO_STAFF_EMAIL)
        if user is None or not user.check_password(password):
            create_or_update_staff(
                db.session, DEMO_STAFF_EMAIL, Role.ADMINISTRATOR, password, "Demo Commissioner"
            )
        click.echo(f"Demo staff sign-in: {DEMO_STAFF_EMAIL} / {password}")
    from app.demo.challenges import load_demo_challenges

    actor = find_staff(db.session, DEMO_STAFF_EMAIL)
    services, eois = load_demo_challenges(db.session, actor)
    click.echo(f"Right to Challenge services added: {services}, expressions of interest: {eois}.")
    from app.core.offline import offline_request_context
    from app.demo.surveys import load_demo_surveys
    from app.surveys.invitations import run_daily

    waves, responses = load_demo_surveys(db.session)
    click.echo(f"Survey waves added: {waves}, survey responses added: {responses}.")
    # As the daily cron would: the open wave's invitations go to the outbox.
    with offline_request_context():
        invited, _reminded = run_daily(db.session)
    click.echo(f"Survey invitations queued for the open wave: {invited}.")
    db.session.commit()
