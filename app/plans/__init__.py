"""The forward commissioning plan: what the council intends to commission."""

from flask import Blueprint, Flask

bp = Blueprint("plans", __name__, template_folder="templates", cli_group=None)
admin_bp = Blueprint("plans_admin", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.plans import admin_views, cli, pipeline_views, views  # noqa: F401  (routes, commands)

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin/plans")
