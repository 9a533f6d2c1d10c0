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
# The demo administrator's authenticator secret. Fixed, so anyone trying the
# demo can add it to an app once; never used outside the demo.
DEMO_TOTP_SECRET = "DEMOELMSWORTHPORTALCODES234567AB"  # noqa: S105 (demo only)


def _demo_totp_secret() -> str:
    from app.accounts.one_time_codes import normalise_secret

    given = os.environ.get("DEMO_TOTP_SECRET")
    if not given:
        return DEMO_TOTP_SECRET
    secret = normalise_secret(given)
    if secret is None:
        raise click.ClickException(
            "DEMO_TOTP_SECRET must be base32 (A to Z, 2 to 7), at least 16 characters."
        )
    return secret


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
    # The demo's hundreds of emails (to .example addresses) wait in the outbox
    # for `flask worker`, rather than each being sent as its change commits.
    sending = current_app.config.get("MAIL_SEND_AFTER_COMMIT", False)
    current_app.config["MAIL_SEND_AFTER_COMMIT"] = False
    try:
        _load(with_staff)
    finally:
        current_app.config["MAIL_SEND_AFTER_COMMIT"] = sending


def _load(with_staff: bool) -> None:
    from app.accounts.models import Role
    from app.accounts.one_time_codes import provision
    from app.accounts.services import create_or_update_staff, find_staff
    from app.demo.consultations import load_demo_consultations
    from app.demo.events import load_demo_events
    from app.demo.inbox import load_demo_inbox
    from app.demo.plans import load_demo_plans

    areas, created, updated = load_demo_plans(db.session)
    click.echo(f"Service areas: {areas}. Plan items added: {created}, changed: {updated}.")
    click.echo(f"Inbox submissions added: {load_demo_inbox(db.session)}.")
    click.echo(f"Consultations added: {load_demo_consultations(db.session)}.")
    from app.demo.free_text import load_demo_free_text

    answers = load_demo_free_text(db.session)
    click.echo(f"Consultation responses added (youth clubs, libraries): {answers}.")
    suppliers, events = load_demo_events(db.session)
    click.echo(f"Suppliers added: {suppliers}. Events added: {events}.")
    if with_staff:
        if os.environ.get("PORTAL_ENV", "development") == "production":
            raise click.ClickException("Refusing to create a demo account in production.")
        password = _demo_password()
        user = find_staff(db.session, DEMO_STAFF_EMAIL)
        if user is None or not user.check_password(password):
            user = create_or_update_staff(
                db.session, DEMO_STAFF_EMAIL, Role.ADMINISTRATOR, password, "Demo Commissioner"
            )
        secret = _demo_totp_secret()
        if user.totp_secret != secret or user.totp_enabled_at is None:
            provision(db.session, user, secret)
        click.echo(f"Demo staff sign-in: {DEMO_STAFF_EMAIL} / {password}")
        _explain_codes(user, secret)
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


def _explain_codes(user, secret: str) -> None:
    from app.accounts.one_time_codes import grouped, provisioning_uri

    uri = provisioning_uri(user, secret, current_app.config["COUNCIL_NAME"])
    click.echo(
        "The demo account is an administrator, so after the password it asks for a\n"
        "one-time code. Add it to an authenticator app (choose to enter a key, time-based):\n"
        f"  key: {grouped(secret)}\n"
        f"  or open this link on a phone with an authenticator app: {uri}\n"
        "  This key is for the demo only: set DEMO_TOTP_SECRET to choose another."
    )
