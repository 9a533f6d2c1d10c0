"""The supplier register: organisations that want to hear about and bid for
council work, signing in by emailed link."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("suppliers", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    from app.core.security import add_signed_in_check
    from app.inbox.kinds import Kind, register_kind
    from app.suppliers import account_views, cli, views  # noqa: F401  (routes and commands)
    from app.suppliers.signed_in import contact_is_signed_in

    register_kind(
        Kind(
            "supplier_registration",
            "SUP",
            _l("Supplier registration"),
            template="suppliers/_inbox_item.html",
            statuses=(("verified", _l("Verified")),),
        )
    )
    # A signed-in supplier's pages are never cached or stored.
    add_signed_in_check(contact_is_signed_in)
    from app.suppliers import personal_data

    personal_data.register()
    from app.suppliers import retention

    retention.register()
    app.register_blueprint(bp)
