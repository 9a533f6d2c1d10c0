"""Every change to a staff account: creating one, checking a sign-in, inviting
(`invites` holds the links' tokens), and what administrators change on
/admin/users; a member of staff's own security keys live in `security_keys`.
Each change records its audit entry in the caller's transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from types import SimpleNamespace

from flask import url_for
from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts import invites, sessions
from app.accounts.invites import (
    EMAIL_TEMPLATE,
    INVITE_LIFETIME,
    hash_token,
    unusable_password_hash,
)
from app.accounts.models import Role, StaffInvite, StaffUser
from app.accounts.passwords import (  # noqa: F401  (MIN_PASSWORD_LENGTH: once defined here)
    MIN_PASSWORD_LENGTH,
    WeakPasswordError,
    password_problem,
)
from app.accounts.security_keys import add_key as add_security_key  # noqa: F401
from app.accounts.security_keys import (  # noqa: F401  (views change keys through here)
    record_failure as record_security_key_failure,
)
from app.accounts.security_keys import remove_key as remove_security_key  # noqa: F401
from app.accounts.security_keys import use_key as use_security_key  # noqa: F401
from app.accounts.sso_accounts import (  # noqa: F401  (for views)
    SSORefused,
    account_for_sso,
    record_rejected_token,
)
from app.core import audit
from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.outbox import queue_email, render_email

# Checked when the email is unknown so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no-such-account-exists")


def find_staff(session: Session, email: str) -> StaffUser | None:
    return session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    )


def create_or_update_staff(
    session: Session, email: str, role: Role, password: str, name: str | None = None
) -> StaffUser:
    user = find_staff(session, email)
    name = name or (user.name if user else None) or email.split("@")[0].replace(".", " ").title()
    problem = password_problem(password, SimpleNamespace(email=email.strip(), name=name))
    if problem:
        raise WeakPasswordError(problem)
    if user is None:
        user = StaffUser(email=email.strip().lower(), session_version=0)
        session.add(user)
    user.name = name
    user.role = role.value
    user.is_active_account = True
    user.set_password(password)
    session.flush()
    return user


def authenticate(
    session: Session, email: str, password: str, *, password_for_everyone: bool = True
) -> StaffUser | None:
    """The account, if the password is right and it may sign in. A failed
    attempt is on the audit log. With `password_for_everyone` off (the
    council signs staff in through its identity provider), only
    administrators may use a password: the way in when the provider is down."""
    user = find_staff(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        # A mistyped address may be someone else's: it does not belong in the log.
        _failed_sign_in(session, None, "Unknown email address")
        return None
    if not user.check_password(password) or not user.is_active:
        _failed_sign_in(session, user, "Wrong password or inactive account")
        return None
    if not password_for_everyone and user.role != Role.ADMINISTRATOR.value:
        # Refused as a wrong password is, so the form tells nobody which passwords are right.
        _failed_sign_in(session, user, "Password sign-in is for administrators only")
        return None
    # Signing in is recorded by signin_flow.finish, once any second step is passed.
    return user


def _failed_sign_in(session: Session, account: StaffUser | None, summary: str) -> None:
    audit.record(
        session,
        "staff.sign_in_failed",
        actor=None,
        object_type="staff_user",
        object_ref=account.email if account else None,
        summary=summary,
    )


# Managing staff accounts (/admin/users) -------------------------------------


class StaffChangeRefused(ValueError):
    """A change an administrator may not make; nothing has been changed.

    `reason` is one of the codes below; the view turns it into a message.
    """

    LAST_ADMINISTRATOR = "last_administrator"
    OWN_ACCOUNT = "own_account"
    EMAIL_IN_USE = "email_in_use"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def awaiting_password() -> ColumnElement[bool]:
    """True for an account that was invited and has not yet used any invite."""
    # A reset link asked for by an account that has a password does not count.
    invited = exists().where(
        StaffInvite.staff_user_id == StaffUser.id, StaffInvite.purpose == invites.INVITE
    )
    accepted = exists().where(
        StaffInvite.staff_user_id == StaffUser.id, StaffInvite.used_at.is_not(None)
    )
    return and_(invited, ~accepted)


def is_awaiting_password(session: Session, user: StaffUser) -> bool:
    return bool(session.scalar(select(awaiting_password()).where(StaffUser.id == user.id)))


def list_staff(session: Session) -> list[tuple[StaffUser, bool]]:
    """Every account with whether it is still waiting for a password.

    Two queries whatever the number of staff: the accounts, then (selectin)
    their service areas.
    """
    rows = session.execute(
        select(StaffUser, awaiting_password().label("awaiting"))
        .options(selectinload(StaffUser.service_areas))
        .order_by(StaffUser.is_active_account.desc(), func.lower(StaffUser.name), StaffUser.id)
    ).all()
    return [(row[0], bool(row[1])) for row in rows]


def all_service_areas(session: Session) -> list[ServiceArea]:
    return list(session.scalars(select(ServiceArea).order_by(ServiceArea.name)))


def service_areas_by_id(session: Session, area_ids: Iterable[int]) -> list[ServiceArea]:
    wanted = set(area_ids)
    if not wanted:
        return []
    return list(
        session.scalars(
            select(ServiceArea).where(ServiceArea.id.in_(wanted)).order_by(ServiceArea.name)
        )
    )


def _other_administrators_who_can_sign_in(session: Session, user: StaffUser) -> int:
    """Active administrators other than `user` who have a password.

    The rows are locked (on PostgreSQL) so two administrators demoting each
    other at the same moment cannot both succeed.
    """
    ids = session.scalars(
        select(StaffUser.id)
        .where(
            StaffUser.role == Role.ADMINISTRATOR.value,
            StaffUser.is_active_account.is_(True),
            ~awaiting_password(),
        )
        .with_for_update()
    ).all()
    return len([found for found in ids if found != user.id])


def _is_working_administrator(user: StaffUser) -> bool:
    return user.role == Role.ADMINISTRATOR.value and bool(user.is_active_account)


def update_staff(
    session: Session,
    user: StaffUser,
    *,
    name: str,
    role: Role,
    areas: list[ServiceArea],
) -> dict[str, dict]:
    """Change name, role and service areas; returns what changed (from, to).

    Refuses to demote the last administrator who can sign in.
    """
    if (
        _is_working_administrator(user)
        and role != Role.ADMINISTRATOR
        and _other_administrators_who_can_sign_in(session, user) == 0
    ):
        raise StaffChangeRefused(StaffChangeRefused.LAST_ADMINISTRATOR)
    changes: dict[str, dict] = {}
    name = " ".join(name.split())
    if name != user.name:
        changes["name"] = {"from": user.name, "to": name}
        user.name = name
    if role.value != user.role:
        changes["role"] = {"from": user.role, "to": role.value}
        user.role = role.value
        # What the account may do has changed: it signs in again to take it up.
        sessions.end_all(session, user, "role_changed", keep_current=user.id == _current_id())
    before = sorted(area.slug for area in user.service_areas)
    after = sorted(area.slug for area in areas)
    if before != after:
        changes["service_areas"] = {"from": before, "to": after}
        user.service_areas = list(areas)
    session.flush()
    if changes:
        audit.record(
            session,
            "staff.update",
            obj=user,
            summary="Changed " + ", ".join(sorted(changes)),
            details=changes,
        )
    return changes


def set_email_language(session: Session, user: StaffUser, locale: str) -> bool:
    """The language the portal's emails to them are written in."""
    if locale not in {"en", "cy"}:
        raise ValueError(locale)
    if user.locale == locale:
        return False
    audit.record(
        session,
        "staff.update",
        obj=user,
        summary="Changed email language",
        details={"locale": {"from": user.locale, "to": locale}},
    )
    user.locale = locale
    return True


def _current_id() -> int | None:
    """The member of staff making the change, when it is made in a request."""
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context() or not current_user.is_authenticated:
        return None
    return int(current_user.get_id())


def deactivate_staff(session: Session, user: StaffUser, *, by: StaffUser) -> bool:
    """Block sign-in and sign the account out everywhere. False if already so."""
    if user.id == by.id:
        raise StaffChangeRefused(StaffChangeRefused.OWN_ACCOUNT)
    if not user.is_active_account:
        return False
    if (
        _is_working_administrator(user)
        and _other_administrators_who_can_sign_in(session, user) == 0
    ):
        raise StaffChangeRefused(StaffChangeRefused.LAST_ADMINISTRATOR)
    user.is_active_account = False
    user.session_version = (user.session_version or 0) + 1
    sessions.end_all(session, user, "deactivated")
    session.flush()
    audit.record(
        session,
        "staff.deactivate",
        actor=by,
        obj=user,
        summary="Deactivated and signed out everywhere",
    )
    return True


def reactivate_staff(session: Session, user: StaffUser) -> bool:
    """Let the account sign in again with its password. False if already active."""
    if user.is_active_account:
        return False
    user.is_active_account = True
    session.flush()
    audit.record(session, "staff.reactivate", obj=user, summary="Reactivated")
    return True


# Invitations (/admin/users/invite, /staff/invite/<token>) ----------------------


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
    invite = _send_link(session, user, invited_by=invited_by, locale=locale)
    audit.record(
        session,
        "staff.invite",
        actor=invited_by,
        obj=user,
        summary=f"Invited as {user.role}",
        details={"role": user.role, "service_areas": sorted(area.slug for area in areas)},
    )
    return user, invite


def send_invite(
    session: Session, user: StaffUser, *, invited_by: StaffUser | None, locale: str
) -> StaffInvite:
    """A new link for `user`, emailed to them; any earlier unused link stops working."""
    invite = _send_link(session, user, invited_by=invited_by, locale=locale)
    audit.record(
        session,
        "staff.invite_resent",
        actor=invited_by,
        obj=user,
        summary="Sent a new invitation; earlier links stop working",
    )
    return invite


def _end_open_links(session: Session, user_id: int, now) -> None:
    """Every unused link of the account (invitation or reset) stops working now."""
    invites.end_open_links(session, user_id, now)


def _send_link(
    session: Session, user: StaffUser, *, invited_by: StaffUser | None, locale: str
) -> StaffInvite:
    now = utcnow()
    _end_open_links(session, user.id, now)
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
    queue_email(
        session, to=user.email, subject=subject, body=body, locale=locale, secret_links=True
    )
    return invite


def accept_invite(session: Session, invite: StaffInvite, password: str) -> StaffUser:
    """Set the password and use up the link (and any other the account has).

    The link is claimed with one conditional UPDATE, so if it is submitted
    twice at once only one submission sets a password.
    """
    problem = password_problem(password, invite.staff_user)
    if problem:
        raise WeakPasswordError(problem)
    now = utcnow()
    invites.claim(session, invite, now)
    _end_open_links(session, invite.staff_user_id, now)
    session.expire(invite)
    user = session.get(StaffUser, invite.staff_user_id)
    user.set_password(password)
    user.last_signed_in_at = now
    session.flush()
    audit.record(
        session,
        "staff.invite_accepted",
        actor=user,
        object_type="staff_user",
        object_ref=user.email,
        summary="Set a password from an invitation",
    )
    return user
