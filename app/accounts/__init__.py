"""Staff accounts: sign-in, sign-out, roles and the create-staff command."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates", cli_group=None)

from app.accounts import cli, views  # noqa: E402, F401
