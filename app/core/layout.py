"""What every page's layout needs: the council's name, the language switch
and the staff bar."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
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
    from app.accounts.models import Role

    app.add_template_global(error_list)
    app.add_template_global(Role, "roles")

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
        if current_user.is_authenticated:
            from app.accounts.forms import SignOutForm

            context["sign_out_form"] = SignOutForm()
        return context
