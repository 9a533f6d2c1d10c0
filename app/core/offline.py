"""Links built outside a request: by cron commands and the demo data.

Emails sent from `flask send-alerts` and the like link back to the portal,
so they need its public address; `PUBLIC_BASE_URL` gives it. Without it the
links say http://localhost/, which is only right on a developer's machine.
"""

from __future__ import annotations

from flask import current_app


def offline_request_context():
    base_url = current_app.config.get("PUBLIC_BASE_URL")
    if base_url:
        return current_app.test_request_context("/", base_url=base_url.rstrip("/"))
    return current_app.test_request_context("/")
