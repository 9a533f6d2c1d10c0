"""What staff accounts hold about a member of staff: the account, where and
when they signed in, and their security keys' names. Never a secret or hash."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.accounts.models import StaffSecurityKey, StaffSession, StaffUser
from app.core.personal_data import Holding, Needle, Source, any_of, register_source, rows_by


def find(session: Session, needle: Needle) -> list[Holding]:
    condition = any_of(needle.email_is(StaffUser.email), needle.name_in(StaffUser.name))
    if condition is None:
        return []
    users = list(
        session.scalars(
            select(StaffUser)
            .where(condition)
            .options(selectinload(StaffUser.service_areas))
            .order_by(StaffUser.id)
        )
    )
    ids = [user.id for user in users]
    keys = rows_by(
        session.scalars(select(StaffSecurityKey).where(StaffSecurityKey.staff_user_id.in_(ids))),
        "staff_user_id",
    )
    sessions = rows_by(
        session.scalars(
            select(StaffSession)
            .where(StaffSession.staff_user_id.in_(ids))
            .order_by(StaffSession.created_at)
        ),
        "staff_user_id",
    )
    return [
        Holding(
            kind="staff_account",
            reference=user.email,
            when=user.created_at,
            summary=user.name,
            link=url_for("admin.edit_user", user_id=user.id),
            data={
                "name": user.name,
                "email": user.email,
                "role": user.role,
                "active": user.is_active_account,
                "service_areas": [area.name for area in user.service_areas],
                "created_at": user.created_at,
                "last_signed_in_at": user.last_signed_in_at,
                "last_sign_in_method": user.last_sign_in_method,
                "password_changed_at": user.password_changed_at,
                "one_time_codes_since": user.totp_enabled_at,
                "security_keys": [
                    {"name": key.name, "added_at": key.created_at, "last_used_at": key.last_used_at}
                    for key in keys.get(user.id, [])
                ],
                "sessions": [
                    {
                        "method": row.method,
                        "browser": row.browser,
                        "started_at": row.created_at,
                        "last_seen_at": row.last_seen_at,
                        "ended_at": row.ended_at,
                    }
                    for row in sessions.get(user.id, [])
                ],
            },
        )
        for user in users
    ]


def register() -> None:
    register_source(Source("staff_account", _l("Staff accounts"), find, order=60))
