"""Consultations: residents and young people answer the council's questions
and see afterwards what changed because of what they said."""

from flask import Blueprint, Flask

bp = Blueprint("consultations", __name__, template_folder="templates")
admin_bp = Blueprint("consultations_admin", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.consultations import (  # noqa: F401  (routes)
        admin_views,
        analysis_views,
        document_views,
        outcome_views,
        respond_views,
        safeguarding_views,
        views,
    )
    from app.consultations.inbox_kind import register_kinds

    register_kinds()
    from app.consultations import personal_data

    personal_data.register()
    from app.consultations import retention

    retention.register()
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin/consultations")
    from app.consultations import theme_suggestions

    theme_suggestions.init_app(app)
