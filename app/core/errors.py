"""Friendly, translated error pages; JSON for the machine-readable routes."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from app.core.db import db

HANDLED = (400, 403, 404, 405, 413, 429, 500)


def _wants_json() -> bool:
    return request.path.endswith(".json") or request.path == "/healthz"


def _render(code: int, csrf: bool = False, bad_host: bool = False):
    if _wants_json():
        return jsonify(error=code), code
    return render_template("errors/error.html", code=code, csrf=csrf, bad_host=bad_host), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _render(400, csrf=True)

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # werkzeug raises this only for a Host outside TRUSTED_HOSTS.
        return _render(400, bad_host=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in HANDLED:
            return error
        return _render(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500)

    @app.errorhandler(Exception)
    def unexpected(error):
        # Half-finished changes must never be committed by a later request.
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return _render(500)
