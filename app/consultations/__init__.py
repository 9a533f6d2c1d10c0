"""Consultations: residents and young people answer the council's questions
and see afterwards what changed because of what they said."""

from flask import Blueprint

bp = Blueprint("consultations", __name__, template_folder="templates")
admin_bp = Blueprint("consultations_admin", __name__, template_folder="templates")

from app.consultations import (  # noqa: E402, F401
    admin_views,
    analysis_views,
    document_views,
    inbox_kind,
    outcome_views,
    respond_views,
    safeguarding_views,
    views,
)
