from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from app.accounts.access import check_role
from app.accounts.models import Role
from app.core.db import db
from app.inbox import bp
from app.inbox.kinds import KINDS, STATUSES
from app.inbox.models import InboxItem

PER_PAGE = 50


@bp.before_request
def staff_only():
    check_role(Role.VIEWER)


@bp.get("/inbox/")
def index():
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    total = db.session.scalar(select(func.count(InboxItem.id))) or 0
    items = db.session.scalars(
        select(InboxItem)
        .order_by(InboxItem.received_at.desc(), InboxItem.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return render_template(
        "inbox/index.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        kinds=KINDS,
        statuses=STATUSES,
    )
