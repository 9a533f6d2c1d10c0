"""Administration: the outbox's failed messages, the audit log, staff and settings.

Every route here is for administrators only.
"""

from flask import Blueprint

from app.accounts.access import check_role
from app.accounts.models import Role

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.before_request
def staff_only():
    check_role(Role.ADMINISTRATOR)


from app.admin import audit_views, outbox_views, users_views, views  # noqa: E402, F401
