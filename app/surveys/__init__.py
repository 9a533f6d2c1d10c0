"""The six-monthly third-sector survey: waves, invitations, answers and
the results and trends the council publishes."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("surveys", __name__, template_folder="templates", cli_group=None)
# Guarded, and its URLs' objects loaded, in staff_pages.py.
admin_bp = Blueprint("surveys_admin", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.inbox.kinds import Kind, register_kind
    from app.surveys import (  # noqa: F401  (routes and commands)
        admin_views,
        cli,
        models,
        public_results,
        results_views,
        staff_pages,
        views,
    )

    register_kind(
        Kind("survey_response", "SRV", _l("Survey response"), template="surveys/_inbox_item.html")
    )
    from app.surveys import personal_data

    personal_data.register()
    from app.surveys import retention

    retention.register()
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin/surveys")
    from app.surveys import theme_suggestions

    theme_suggestions.init_app(app)
