"""Creating staff accounts and checking sign-in attempts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import Role, StaffInvite, StaffUser
from app.core.db import utcnow
from app.core.models import ServiceArea

MIN_PASSWORD_LENGTH = 12
# Checked when the email is unknown so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no-such-account-exists")


class WeakPasswordError(ValueError):
    pass


def find_staff(session: Session, email: str) -> StaffUser | None:
    return session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    )


def create_or_update_staff(
    session: Session, email: str, role: Role, password: str, name: str | None = None
) -> StaffUser:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    user = find_staff(session, email)
    if user is None:
        user = StaffUser(email=email.strip().lower(), session_version=0)
        session.add(user)
    user.name = name or user.name or email.split("@")[0].replace(".", " ").title()
    user.role = role.value
    user.is_active_account = True
    user.set_password(password)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    user = find_staff(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_signed_in_at = utcnow()
    return user


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
    invited = exists().where(StaffInvite.staff_user_id == StaffUser.id)
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
    before = sorted(area.slug for area in user.service_areas)
    after = sorted(area.slug for area in areas)
    if before != after:
        changes["service_areas"] = {"from": before, "to": after}
        user.service_areas = list(areas)
    session.flush()
    return changes


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
    session.flush()
    return True


def reactivate_staff(session: Session, user: StaffUser) -> bool:
    """Let the account sign in again with its password. False if already active."""
    if user.is_active_account:
        return False
    user.is_active_account = True
    session.flush()
    return True
