"""What RQ workers run. `flask worker` runs jobs inside its own app context;
a bare `rq worker` gets an app built once per process."""

from __future__ import annotations

from flask import Flask, has_app_context

from app.core.outbox.services import deliver

_job_app: Flask | None = None


def send_outbox_message(message_id: int) -> str:
    if has_app_context():
        return deliver(message_id)
    global _job_app
    if _job_app is None:
        from app import create_app

        _job_app = create_app()
    with _job_app.app_context():
        return deliver(message_id)


def compute_theme_suggestions(run_id: int) -> str:
    """Work out one run of suggested themes (app/core/themes)."""
    from app.core.themes.services import compute

    if has_app_context():
        return compute(run_id)
    global _job_app
    if _job_app is None:
        from app import create_app

        _job_app = create_app()
    with _job_app.app_context():
        return compute(run_id)
