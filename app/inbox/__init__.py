"""The commissioner inbox: every submission from the public, in one place."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, template_folder="templates")

from app.inbox import export_views, views  # noqa: E402, F401
