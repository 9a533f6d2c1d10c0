"""Administration: the outbox's failed messages, the audit log, staff and settings.

Every route here is for administrators only.
"""

from flask import Blueprint, Flask

from app.accounts.models import Role, StaffUser
from app.accounts.scoping import Loader, by_id, guard_staff_blueprint
from app.core.models import LegalHold
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxReplyTemplate

bp = Blueprint("admin", __name__, template_folder="templates")

guard_staff_blueprint(
    bp,
    {
        "user_id": Loader("user", by_id(StaffUser)),
        "message_id": Loader("message", by_id(OutboxMessage)),
        "hold_id": Loader("hold", by_id(LegalHold)),
        "template_id": Loader("template", by_id(InboxReplyTemplate)),
    },
    minimum=Role.ADMINISTRATOR,
)


def init_app(app: Flask) -> None:
    from app.admin import (  # noqa: F401  (routes)
        audit_views,
        erasure_views,
        legal_hold_views,
        outbox_views,
        procurement_views,
        reply_template_views,
        retention_views,
        settings_views,
        subject_access_views,
        users_views,
        views,
    )
    from app.admin.cli import subject_access_command
    from app.admin.markdown_preview import bp as markdown_preview_bp
    from app.admin.subject_access import register_request_kind
    from app.admin.translations_views import bp as translations_bp

    register_request_kind()
    app.cli.add_command(subject_access_command)
    from app.admin.retention_cli import erase_command, retention_command

    app.cli.add_command(retention_command)
    app.cli.add_command(erase_command)
    app.register_blueprint(bp, url_prefix="/admin")
    # For every member of staff, not only administrators: its own blueprint.
    app.register_blueprint(translations_bp, url_prefix="/admin/translations")
    app.register_blueprint(markdown_preview_bp, url_prefix="/admin/preview")
