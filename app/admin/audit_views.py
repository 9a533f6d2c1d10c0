"""/admin/audit: administrators read the audit log. There is deliberately no
route that changes or removes an entry."""

from __future__ import annotations

from flask import render_template, request

from app.admin import bp
from app.core.audit import ACTION_LABELS, action_label
from app.core.audit.search import MAX_PAGE, PER_PAGE, AuditFilters, search_events
from app.core.db import db


@bp.get("/audit")
def audit():
    filters = AuditFilters.from_args(request.args)
    events, total = search_events(db.session, filters)
    return render_template(
        "admin/audit.html",
        events=events,
        total=total,
        filters=filters,
        page=filters.page,
        pages=min(MAX_PAGE, max(1, -(-total // PER_PAGE))),
        actions=ACTION_LABELS,
        action_label=action_label,
    )
