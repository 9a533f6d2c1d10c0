"""The home page and the pages every public site needs: privacy,
accessibility and cookies."""

from flask import Blueprint

bp = Blueprint("pages", __name__, template_folder="templates")

from app.pages import views  # noqa: E402, F401
