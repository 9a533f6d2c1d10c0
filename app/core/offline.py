"""A request context for work done outside a request: cron commands and the
demo data. Their emails render templates that expect a request (the locale,
the layout); the links in them come from PUBLIC_BASE_URL like every other."""

from __future__ import annotations

from flask import current_app


def offline_request_context():
    return current_app.test_request_context("/", base_url=current_app.config["PUBLIC_BASE_URL"])
