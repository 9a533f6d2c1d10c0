"""The email outbox: every email is saved with the change that causes it and
sent afterwards by `flask --app wsgi worker`, so a submission is never lost
when mail is down.

Callers use `queue_email` (and `render_email` to write it in the
recipient's language); `init_app` wires the rest into the factory.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from app.core.outbox.rendering import render_email
from app.core.outbox.services import Attachment, queue_email

__all__ = ["Attachment", "init_app", "queue_email", "render_email"]

# For the shared email templates (outbox/base.txt) and the worker command.
bp = Blueprint("outbox", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    """Register the table, the templates and `flask worker`, and check the
    mail settings now, so a bad MAIL_BACKEND stops the portal at start."""
    from app.core.outbox import models as _models  # noqa: F401  (registers the table)
    from app.core.outbox.backends import get_backend
    from app.core.outbox.links import shown
    from app.core.outbox.worker import worker_command

    app.extensions["outbox"] = get_backend(app)
    bp.cli.add_command(worker_command)
    app.register_blueprint(bp)
    # Pages that list emails show their text through this: see links.py.
    app.add_template_global(shown, "outbox_shown")
