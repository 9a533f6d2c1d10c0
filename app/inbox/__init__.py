"""The commissioner inbox: every submission from the public, in one place."""

from flask import Blueprint, Flask

bp = Blueprint("inbox", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    from app.inbox import (  # noqa: F401  (routes)
        export_views,
        personal_data,
        report_views,
        views,
        workload_views,
    )

    personal_data.register()
    from app.inbox import retention

    retention.register()
    from app.inbox import reminders

    reminders.register_daily(app)
    app.register_blueprint(bp)
