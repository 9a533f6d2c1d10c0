"""Meet-the-buyer events: staff publish them, suppliers book places."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.inbox.kinds import Kind, register_kind

bp = Blueprint("events", __name__, template_folder="templates", cli_group=None)
admin_bp = Blueprint("events_admin", __name__, template_folder="templates")

register_kind(
    Kind(
        "event_booking",
        "EVT",
        _l("Event booking"),
        template="events/_inbox_item.html",
    )
)

from app.events import admin_views, cli, views  # noqa: E402, F401
