"""Changing a password, and resetting a forgotten one by an emailed link.

A reset link is a row in the invitations' table (`purpose="reset"`, see
`app.accounts.invites`): only a hash of its token is kept, it works once, and
for an hour. Asking for one says nothing about whether the address has an
account: the page answers the same either way and the same work is done.

Either way a new password ends the account's other sessions and tells the
holder by email, so someone who did not make the change hears of it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import invites, sessions
from app.accounts.models import StaffInvite, StaffUser
from app.accounts.passwords import WeakPasswordError, password_problem
from app.accounts.services import find_staff
from app.core import audit
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email

RESET_LIFETIME = timedelta(hours=1)
RESET_EMAIL = "accounts/email/reset_password.txt"
CHANGED_EMAIL = "accounts/email/password_changed.txt"
# Past this, a request sends nothing: nobody can fill someone's inbox with links.
RESETS_PER_HOUR = 3


def request_reset(session: Session, email: str, *, locale: str) -> None:
    """Email a reset link if `email` is an active account's. The caller tells
    the visitor the same thing whatever happened here."""
    user = find_staff(session, email)
    now = utcnow()
    # The token is made and the email written whether or not it goes, so an
    # unknown address takes as long as a known one.
    token = secrets.token_urlsafe(32)
    subject, body = render_email(
        RESET_EMAIL,
        locale,
        name=user.name if user else "",
        link=url_for("accounts.reset_password", token=token, _external=True),
        expires_at=now + RESET_LIFETIME,
    )
    if user is None or not user.is_active_account:
        return
    if _recent_resets(session, user, now) >= RESETS_PER_HOUR:
        audit.record(
            session,
            "staff.password_reset_requested",
            actor=None,
            obj=user,
            summary=f"No link sent: {RESETS_PER_HOUR} were sent in the last hour",
        )
        return
    invites.end_open_links(session, user.id, now, purpose=invites.RESET)
    session.add(
        StaffInvite(
            staff_user_id=user.id,
            token_hash=invites.hash_token(token),
            purpose=invites.RESET,
            created_at=now,
            expires_at=now + RESET_LIFETIME,
        )
    )
    queue_email(
        session, to=user.email, subject=subject, body=body, locale=locale, secret_links=True
    )
    audit.record(
        session,
        "staff.password_reset_requested",
        actor=None,
        obj=user,
        summary="Sent a link to reset the password",
    )


def _recent_resets(session: Session, user: StaffUser, now) -> int:
    return session.scalar(
        select(func.count()).where(
            StaffInvite.staff_user_id == user.id,
            StaffInvite.purpose == invites.RESET,
            StaffInvite.created_at > now - timedelta(hours=1),
        )
    )


def reset_password(session: Session, link: StaffInvite, password: str, *, locale: str) -> StaffUser:
    """Set the password from a reset link and use the link up (with any other
    the account has). Every session of the account ends: whoever had it
    signed in, a new password is needed to get back in."""
    user = link.staff_user
    problem = password_problem(password, user)
    if problem:
        raise WeakPasswordError(problem)
    now = utcnow()
    invites.claim(session, link, now)
    invites.end_open_links(session, user.id, now)
    _set_password(session, user, password, locale=locale)
    sessions.end_all(session, user, "password_reset")
    audit.record(
        session,
        "staff.password_reset",
        actor=None,
        obj=user,
        summary="Reset the password with an emailed link; signed out everywhere",
    )
    return user


class WrongPassword(ValueError):
    """The current password given was not the account's."""


def change_password(
    session: Session, user: StaffUser, current: str, new: str, *, locale: str
) -> int:
    """Change the signed-in member of staff's own password. This browser
    stays signed in; every other session ends. Returns how many ended."""
    if not user.check_password(current):
        raise WrongPassword
    problem = password_problem(new, user)
    if problem:
        raise WeakPasswordError(problem)
    _set_password(session, user, new, locale=locale)
    ended = sessions.end_all(session, user, "password_changed", keep_current=True)
    audit.record(
        session,
        "staff.password_changed",
        obj=user,
        summary=f"Changed the password; signed out of {ended} other sessions",
    )
    return ended


def _set_password(session: Session, user: StaffUser, password: str, *, locale: str) -> None:
    user.set_password(password)
    session.flush()
    subject, body = render_email(
        CHANGED_EMAIL,
        locale,
        name=user.name,
        changed_at=user.password_changed_at,
        reset_link=url_for("accounts.forgotten_password", _external=True),
    )
    queue_email(session, to=user.email, subject=subject, body=body, locale=locale)
