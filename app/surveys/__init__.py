"""The six-monthly third-sector survey: waves, invitations, answers and
the results and trends the council publishes."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.inbox.kinds import Kind, register_kind

bp = Blueprint("surveys", __name__, template_folder="templates", cli_group=None)
# Guarded, and its URLs' objects loaded, in staff_pages.py.
admin_bp = Blueprint("surveys_admin", __name__, template_folder="templates")


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
    staff_pages,
    views,
)
