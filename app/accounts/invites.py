"""Invitation links for staff: an administrator names them, the portal emails
a one-use link, and the link is where they choose their own password. The
changes themselves (inviting, sending a new link, accepting) are in
`app.accounts.services`; this module holds the tokens and what a link leads to.

Nobody but the invitee ever knows the password, and the database holds only
a hash of the link's token. An invited account is active but has a password
nobody knows, so it cannot sign in until the link has been used.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from app.accounts.models import StaffInvite
from app.core.db import utcnow

INVITE_LIFETIME = timedelta(days=7)
EMAIL_TEMPLATE = "accounts/email/invite.txt"
# The same table holds the links of a forgotten password (app.accounts.resets).
INVITE = "invite"
RESET = "reset"

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


@dataclass(frozen=True)
class InviteLookup:
    state: str
    invite: StaffInvite | None = None

    @property
    def usable(self) -> bool:
        return self.state == VALID


def find_invite(
    session: Session, token: str, now: datetime | None = None, *, purpose: str = INVITE
) -> InviteLookup:
    """What a link's token leads to. A deactivated account's links count as
    used. A reset link is unknown at the invitation address, and the other
    way round."""
    if not token or len(token) > 200:
        return InviteLookup(UNKNOWN)
    invite = session.scalar(
        select(StaffInvite).where(
            StaffInvite.token_hash == hash_token(token), StaffInvite.purpose == purpose
        )
    )
    if invite is None:
        return InviteLookup(UNKNOWN)
    if invite.used_at is not None or not invite.staff_user.is_active_account:
        return InviteLookup(USED, invite)
    if invite.expires_at <= (now or utcnow()):
        return InviteLookup(EXPIRED, invite)
    return InviteLookup(VALID, invite)


class InviteNoLongerValid(ValueError):
    """The link was used (or ran out) while the form was being filled in."""


def claim(session: Session, invite: StaffInvite, now: datetime) -> None:
    """Use up the link with one conditional UPDATE, so that of two
    submissions at once only one goes on; the other gets InviteNoLongerValid."""
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


def end_open_links(
    session: Session, user_id: int, now: datetime, *, purpose: str | None = None
) -> None:
    """Every unused link of the account (of one purpose, if named) stops working now."""
    query = update(StaffInvite).where(
        StaffInvite.staff_user_id == user_id,
        StaffInvite.used_at.is_(None),
        StaffInvite.expires_at > now,
    )
    if purpose is not None:
        query = query.where(StaffInvite.purpose == purpose)
    session.execute(query.values(expires_at=now).execution_options(synchronize_session=False))
