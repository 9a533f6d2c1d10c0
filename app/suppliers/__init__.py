"""The supplier register: organisations that want to hear about and bid for
council work, signing in by emailed link."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.inbox.kinds import Kind, register_kind

bp = Blueprint("suppliers", __name__, template_folder="templates", cli_group=None)

register_kind(
    Kind(
        "supplier_registration",
        "SUP",
        _l("Supplier registration"),
        template="suppliers/_inbox_item.html",
        statuses=(("verified", _l("Verified")),),
    )
)

from app.suppliers import account_views, cli, views  # noqa: E402, F401
