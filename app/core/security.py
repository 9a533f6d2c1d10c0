"""Security headers on every response.

The one inline script in govuk-frontend-jinja's page template is allowed by
its hash rather than a per-request nonce, so cached pages stay valid.

What may be kept by a browser or a proxy is decided here for every page at
once, so a new staff page cannot forget: staff pages, anything shown to a
signed-in visitor and any page reached through an emailed token are
``no-store``; any other page that carries something of its visitor's (a
form's CSRF token, a message, a cookie) is ``private``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from flask import Flask, Response, g, request, session
from flask_login import current_user

from app.core.application import VisitorSession

GOVUK_INLINE_SCRIPT = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype"
    " ? ' govuk-frontend-supported' : '');"
)
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(GOVUK_INLINE_SCRIPT.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'sha256-{_SCRIPT_HASH}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The URL contract puts every staff page under these.
STAFF_PATHS = ("/admin/", "/inbox/", "/staff/")
# A supplier's own pages, and the pages of the emailed sign-in link.
SUPPLIER_PATHS = ("/suppliers/account", "/suppliers/sign-in/")


# Each kind of visitor account other than staff (a supplier contact signed in
# by emailed link) adds its own check here from its capability's init_app, so
# core never needs to know the capabilities it serves.
_SIGNED_IN_CHECKS: list[Callable[[], bool]] = []


def add_signed_in_check(check: Callable[[], bool]) -> None:
    if check not in _SIGNED_IN_CHECKS:
        _SIGNED_IN_CHECKS.append(check)


def visitor_is_signed_in() -> bool:
    """A member of staff, or a visitor signed in by any other means."""
    if current_user.is_authenticated:
        return True
    return any(check() for check in _SIGNED_IN_CHECKS)


def _never_store() -> bool:
    rule = request.url_rule.rule if request.url_rule else ""
    return (
        rule.startswith(STAFF_PATHS)
        or rule.startswith(SUPPLIER_PATHS)
        # One-use links (sign-in, invitations, resume, cancel) carry a secret.
        or "token" in (request.view_args or {})
        or visitor_is_signed_in()
    )


def _for_this_visitor_only(response: Response) -> bool:
    visitor = session._get_current_object()
    return (
        "csrf_token" in g  # flask-wtf keeps the token it put in the page there
        or "Set-Cookie" in response.headers
        or not isinstance(visitor, VisitorSession)
        or visitor.used_by_page()
    )


def _cache_control(response: Response) -> None:
    if request.endpoint == "static":
        return
    # Judged before the sign-in checks below, which read the session themselves.
    private = _for_this_visitor_only(response)
    if _never_store():
        response.headers["Cache-Control"] = "no-store"
    elif private and not response.cache_control.no_store:
        response.cache_control.public = False
        response.cache_control.private = True


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        headers.add("Vary", "Accept-Language")
        headers.add("Vary", "Cookie")
        _cache_control(response)
        return response
