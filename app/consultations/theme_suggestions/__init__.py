"""Suggested themes for a consultation's free-text questions: the glue between
the consultation's answers and the method in `app.core.themes`.

Adults' and young people's answers to a question are themed together and can
be looked at apart. Accepting a theme gives each answer's inbox item the
inbox's ordinary theme tag, which staff can change one by one afterwards.
"""

from flask import Blueprint, Flask

bp = Blueprint("consultation_themes", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.consultations.theme_suggestions import views  # noqa: F401  (routes)
    from app.consultations.theme_suggestions.source import register

    register()
    app.register_blueprint(bp, url_prefix="/admin/consultations")

    @app.context_processor
    def theme_suggestions_hook():
        from app.consultations.theme_suggestions.views import analysis_status

        return {"theme_suggestion_status": analysis_status}
