"""The forward commissioning plan: what the council intends to commission."""

from flask import Blueprint

bp = Blueprint("plans", __name__, template_folder="templates")
admin_bp = Blueprint("plans_admin", __name__, template_folder="templates")

from app.plans import admin_views, views  # noqa: E402, F401
