"""What every page's layout needs: the council's name and the language switch.
The staff bar's parts (roles, the sign-out form) come from `app.accounts`."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.core.forms import error_list
from app.core.i18n import current_language


def _council_name(language: str) -> str:
    config = current_app.config
    if language == "cy" and config.get("COUNCIL_NAME_CY"):
        return config["COUNCIL_NAME_CY"]
    return config["COUNCIL_NAME"]


def _language_links(language: str) -> list[dict]:
    here = request.full_path if request.query_string else request.path
    links = []
    for code, name in current_app.config["LANGUAGES"].items():
        links.append(
            {
                "code": code,
                "name": name,
                "current": code == language,
                "href": url_for("i18n.choose_language", code=code, next=here),
            }
        )
    return links


def register_layout_context(app: Flask) -> None:
    app.add_template_global(error_list)

    @app.context_processor
    def layout_context() -> dict:
        language = current_language()
        council_name = _council_name(language)
        service_name = _("Commissioning Portal")
        context = {
            "language": language,
            "council_name": council_name,
            "service_name": service_name,
            "header_logo_html": Markup(
                '<span class="app-header__council">{}</span> '
                '<span class="app-header__service">{}</span>'
            ).format(council_name, service_name),
            "council_url": current_app.config["COUNCIL_URL"],
            "language_links": _language_links(language) if request else [],
        }
        return context
