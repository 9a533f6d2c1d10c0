"""The six-monthly third-sector survey: waves, invitations, answers and
the results and trends the council publishes."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.accounts.access import check_role
from app.accounts.models import Role
from app.inbox.kinds import Kind, register_kind

bp = Blueprint("surveys", __name__, template_folder="templates", cli_group=None)
admin_bp = Blueprint("surveys_admin", __name__, template_folder="templates")


@admin_bp.before_request
def staff_only():
    # Every staff survey page can be read by any staff role; changes ask for more.
    check_role(Role.VIEWER)


register_kind(
    Kind(
        "survey_response",
        "SRV",
        _l("Survey response"),
        template="surveys/_inbox_item.html",
    )
)

from app.surveys import (  # noqa: E402, F401
    admin_views,
    cli,
    models,
    public_results,
    results_views,
    views,
)
