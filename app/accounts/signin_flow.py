"""Placeholder until the lead's signin_flow is merged from main (this file is
replaced by main's on merge): the same contract, no second step."""

from __future__ import annotations

from flask import redirect, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from app.accounts.models import StaffUser
from app.core import audit
from app.core.db import db, utcnow
from app.core.i18n import safe_next


def after_first_factor(user: StaffUser, method: str, next_url: str | None = None) -> Response:
    user.last_signed_in_at = utcnow()
    audit.record(
        db.session,
        "staff.sign_in",
        actor=user,
        object_type="staff_user",
        object_ref=user.email,
        summary=f"Signed in ({method})",
    )
    db.session.commit()
    login_user(user)
    return redirect(safe_next(next_url, url_for("inbox.index")))
