"""flask --app wsgi create-staff EMAIL --role ROLE"""

from __future__ import annotations

import sys

import click
from email_validator import EmailNotValidError, validate_email

from app.accounts import bp
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
def create_staff(email: str, role: str, name: str | None) -> None:
    """Create a staff account, or reset its password and role.

    The password is read from standard input when that is not a terminal,
    otherwise it is asked for twice.
    """
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from exc
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_or_update_staff(db.session, email, ROLE_NAMES[role], password, name)
    except WeakPasswordError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Staff account {user.email} is ready with the role {user.role}.")
