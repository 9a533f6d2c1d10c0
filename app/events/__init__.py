"""Meet-the-buyer events: staff publish them, suppliers book places."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("events", __name__, template_folder="templates", cli_group=None)
admin_bp = Blueprint("events_admin", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.events import admin_views, cli, views  # noqa: F401  (routes and commands)
    from app.inbox.kinds import Kind, register_kind

    register_kind(
        Kind("event_booking", "EVT", _l("Event booking"), template="events/_inbox_item.html")
    )
    from app.events import personal_data

    personal_data.register()
    from app.events import retention

    retention.register()
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin/events")
