"""The commissioner inbox: every submission from the public, in one place."""

from flask import Blueprint, Flask

bp = Blueprint("inbox", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.inbox import export_views, views  # noqa: F401  (routes)

    app.register_blueprint(bp)
