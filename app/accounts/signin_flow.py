"""The steps every way of signing in goes through.

A password (or the council's identity provider) is the first factor. An
account with a second factor, and every administrator, is then *pending*:
this browser has proved the first factor in the last few minutes and nothing
more. Only `finish` signs anyone in, so no way in can skip the second step.
"""

from __future__ import annotations

import time

from flask import redirect, request, url_for
from flask import session as cookie
from flask_login import login_user, logout_user
from sqlalchemy import exists, select
from werkzeug.wrappers import Response

from app.accounts import sessions, throttle
from app.accounts.models import Role, StaffSecurityKey, StaffUser
from app.core import audit
from app.core.db import db
from app.core.i18n import safe_next

PENDING_KEY = "staff_pending_sign_in"
PENDING_SECONDS = 10 * 60


def has_security_key(user: StaffUser) -> bool:
    return bool(
        db.session.scalar(select(exists().where(StaffSecurityKey.staff_user_id == user.id)))
    )


def has_one_time_codes(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def must_set_up_second_factor(user: StaffUser) -> bool:
    """Administrators open everything, so a password alone is never enough."""
    return user.role == Role.ADMINISTRATOR.value and not (
        has_one_time_codes(user) or has_security_key(user)
    )


def needs_second_factor(user: StaffUser) -> bool:
    # An administrator without one sets one up before being signed in.
    return (
        user.role == Role.ADMINISTRATOR.value or has_one_time_codes(user) or has_security_key(user)
    )


def after_first_factor(user: StaffUser, method: str, next_url: str | None = None) -> Response:
    """The password (or the identity provider) has vouched for `user`."""
    cookie[PENDING_KEY] = _pending(user, method, next_url)
    if not needs_second_factor(user):
        return finish(user)
    return redirect(url_for("accounts.second_step"))


def _pending(user: StaffUser, method: str, next_url: str | None) -> dict:
    return {
        "user": user.id,
        # A password changed meanwhile (by a reset, say) voids the first step.
        "version": user.session_version,
        "method": method,
        "at": int(time.time()),
        "next": next_url or "",
    }


def pending_user() -> StaffUser | None:
    """The account whose first factor this browser passed a moment ago."""
    pending = cookie.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        cookie.pop(PENDING_KEY, None)
        return None
    user = db.session.get(StaffUser, pending.get("user"))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        cookie.pop(PENDING_KEY, None)
        return None
    return user


def pending_method() -> str:
    pending = cookie.get(PENDING_KEY)
    return pending.get("method", "") if isinstance(pending, dict) else ""


def finish(user: StaffUser, second_step: str | None = None) -> Response:
    """Sign `user` in: a new server-side session, and the audit says how."""
    pending = cookie.get(PENDING_KEY) or {}
    first = pending.get("method", "password")
    method = f"{first}+{second_step}" if second_step and second_step != first else first
    next_url = pending.get("next") or None
    # Nothing from before signing in (a pending step, an old token) carries over.
    logout_user()
    for key in (PENDING_KEY, sessions.COOKIE_KEY, sessions.ENDED_KEY):
        cookie.pop(key, None)
    # Signed in: failed attempts before this no longer slow the account down.
    throttle.succeeded(user.email)
    token = sessions.start(db.session, user, method, request.headers.get("User-Agent", ""))
    cookie[sessions.COOKIE_KEY] = token
    user.last_signed_in_at = sessions.now()
    user.last_sign_in_method = method[:40]
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
