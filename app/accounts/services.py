"""Creating staff accounts and checking sign-in attempts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import Role, StaffUser
from app.core.db import utcnow

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
