"""Inviting staff: an administrator names them, the portal emails a one-use
link, and the link is where they choose their own password.

Nobody but the invitee ever knows the password, and the database holds only
a hash of the link's token. An invited account is active but has a password
nobody knows, so it cannot sign in until the link has been used.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from app.accounts.models import Role, StaffInvite, StaffUser
from app.accounts.services import (
    MIN_PASSWORD_LENGTH,
    StaffChangeRefused,
    WeakPasswordError,
    find_staff,
)
from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.outbox import queue_email, render_email

INVITE_LIFETIME = timedelta(days=7)
EMAIL_TEMPLATE = "accounts/email/invite.txt"

VALID = "valid"
UNKNOWN = "unknown"
EXPIRED = "expired"
USED = "used"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def unusable_password_hash() -> str:
    """A real hash of a secret nobody keeps: sign-in takes as long as usual
    and always fails."""
    return generate_password_hash(secrets.token_urlsafe(32))


def invite_staff(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role,
    areas: list[ServiceArea],
    invited_by: StaffUser,
    locale: str,
) -> tuple[StaffUser, StaffInvite]:
    """Create the account and its invite and queue the email, all in the
    caller's transaction. Refuses an email address an account already has."""
    email = email.strip().lower()
    if find_staff(session, email) is not None:
        raise StaffChangeRefused(StaffChangeRefused.EMAIL_IN_USE)
    user = StaffUser(
        email=email,
        name=" ".join(name.split()),
        role=role.value,
        is_active_account=True,
        session_version=1,
        password_hash=unusable_password_hash(),
        service_areas=list(areas),
    )
    session.add(user)
    session.flush()
    invite = send_invite(session, user, invited_by=invited_by, locale=locale)
    return user, invite


def send_invite(
    session: Session, user: StaffUser, *, invited_by: StaffUser | None, locale: str
) -> StaffInvite:
    """A new link for `user`, emailed to them; any earlier unused link stops working."""
    now = utcnow()
    session.execute(
        update(StaffInvite)
        .where(
            StaffInvite.staff_user_id == user.id,
            StaffInvite.used_at.is_(None),
            StaffInvite.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    invite = StaffInvite(
        staff_user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
        created_by_id=invited_by.id if invited_by is not None else None,
    )
    session.add(invite)
    session.flush()
    subject, body = render_email(
        EMAIL_TEMPLATE,
        locale,
        name=user.name,
        inviter=invited_by.name if invited_by is not None else "",
        link=url_for("accounts.accept_invite", token=token, _external=True),
        expires_at=invite.expires_at,
    )
    queue_email(session, to=user.email, subject=subject, body=body, locale=locale)
    return invite


@dataclass(frozen=True)
class InviteLookup:
    state: str
    invite: StaffInvite | None = None

    @property
    def usable(self) -> bool:
        return self.state == VALID


def find_invite(session: Session, token: str, now: datetime | None = None) -> InviteLookup:
    """What a link's token leads to. A deactivated account's links count as used."""
    if not token or len(token) > 200:
        return InviteLookup(UNKNOWN)
    invite = session.scalar(select(StaffInvite).where(StaffInvite.token_hash == hash_token(token)))
    if invite is None:
        return InviteLookup(UNKNOWN)
    if invite.used_at is not None or not invite.staff_user.is_active_account:
        return InviteLookup(USED, invite)
    if invite.expires_at <= (now or utcnow()):
        return InviteLookup(EXPIRED, invite)
    return InviteLookup(VALID, invite)


class InviteNoLongerValid(ValueError):
    """The link was used (or ran out) while the form was being filled in."""


def accept_invite(session: Session, invite: StaffInvite, password: str) -> StaffUser:
    """Set the password and use up the link (and any other the account has).

    The link is claimed with one conditional UPDATE, so if it is submitted
    twice at once only one submission sets a password.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    now = utcnow()
    claimed = session.execute(
        update(StaffInvite)
        .where(
            StaffInvite.id == invite.id,
            StaffInvite.used_at.is_(None),
            StaffInvite.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise InviteNoLongerValid(invite.id)
    session.execute(
        update(StaffInvite)
        .where(
            StaffInvite.staff_user_id == invite.staff_user_id,
            StaffInvite.used_at.is_(None),
            StaffInvite.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    session.expire(invite)
    user = session.get(StaffUser, invite.staff_user_id)
    user.set_password(password)
    user.last_signed_in_at = now
    session.flush()
    return user
