"""The home page and the pages every public site needs: privacy,
accessibility and cookies."""

from flask import Blueprint, Flask

bp = Blueprint("pages", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.pages import track, views  # noqa: F401  (routes)

    app.register_blueprint(bp)
