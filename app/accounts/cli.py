"""flask --app wsgi create-staff EMAIL --role ROLE [--totp-secret BASE32]"""

from __future__ import annotations

import sys

import click
from email_validator import EmailNotValidError, validate_email

from app.accounts import bp
from app.accounts import one_time_codes as otc
from app.accounts.models import Role
from app.accounts.services import WeakPasswordError, create_or_update_staff
from app.core.db import db

ROLE_NAMES = {"admin": Role.ADMINISTRATOR, **{role.value: role for role in Role}}


@bp.cli.command("create-staff")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(sorted(ROLE_NAMES)),
    default="viewer",
    show_default=True,
    help="administrator (or admin), commissioner or viewer",
)
@click.option("--name", default=None, help="The name shown to colleagues")
@click.option(
    "--totp-secret",
    default=None,
    metavar="BASE32",
    help="The authenticator secret for one-time codes (base32, at least 16 characters), "
    "for automated set-ups where nobody scans a QR code",
)
def create_staff(email: str, role: str, name: str | None, totp_secret: str | None) -> None:
    """Create a staff account, or reset its password and role.

    The password is read from standard input when that is not a terminal,
    otherwise it is asked for twice. An administrator created without
    --totp-secret sets up one-time codes at their first sign-in.
    """
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from exc
    secret = None
    if totp_secret is not None:
        # Checked before the password is asked for, so a typo costs nothing.
        secret = otc.normalise_secret(totp_secret)
        if secret is None:
            raise click.BadParameter(
                f"must be base32 (the letters A to Z and digits 2 to 7) and at least "
                f"{otc.MIN_SECRET_LENGTH} characters long",
                param_hint="--totp-secret",
            )
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_or_update_staff(db.session, email, ROLE_NAMES[role], password, name)
    except WeakPasswordError as exc:
        raise click.ClickException(str(exc)) from exc
    if secret is not None:
        otc.provision(db.session, user, secret)
    db.session.commit()
    click.echo(f"Staff account {user.email} is ready with the role {user.role}.")
    if secret is not None:
        click.echo("One-time codes are on: sign-in asks for a code from that secret.")
