"""The audit log: who viewed, changed or exported what, and when.

Records are written in the caller's transaction, so a change and its audit
entry commit or roll back together. Nothing in the application may edit or
delete a record: `guards` refuses it in the ORM, and the migration adds a
database trigger for everything else.
"""

from app.core.audit import guards as _guards  # noqa: F401  (registers the refusals)
from app.core.audit.actions import ACTION_LABELS, action_label
from app.core.audit.guards import APPEND_ONLY_SQL, AuditLogIsAppendOnlyError
from app.core.audit.models import AuditEvent
from app.core.audit.service import CURRENT, record, record_export, record_view

__all__ = [
    "ACTION_LABELS",
    "APPEND_ONLY_SQL",
    "CURRENT",
    "AuditEvent",
    "AuditLogIsAppendOnlyError",
    "action_label",
    "record",
    "record_export",
    "record_view",
]
