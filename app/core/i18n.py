"""Language choice: a visitor's explicit choice is remembered in a cookie;
without one, the browser's Accept-Language decides."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import get_locale

LANGUAGE_COOKIE = "language"
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages), default="en")


def current_language() -> str:
    return str(get_locale() or "en")[:2]


def safe_next(target: str | None, fallback: str) -> str:
    """Only ever redirect within this site."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target


@bp.get("/language/<code>")
def choose_language(code: str):
    languages = current_app.config["LANGUAGES"]
    target = safe_next(request.args.get("next"), url_for("pages.home"))
    response = redirect(target)
    if code in languages:
        response.set_cookie(
            LANGUAGE_COOKIE,
            code,
            max_age=60 * 60 * 24 * 365,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            httponly=True,
        )
    return response
