"""The six-monthly third-sector survey: waves, invitations, answers and
the results and trends the council publishes."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, template_folder="templates", cli_group=None)
admin_bp = Blueprint("surveys_admin", __name__, template_folder="templates")

from app.surveys import models  # noqa: E402, F401
