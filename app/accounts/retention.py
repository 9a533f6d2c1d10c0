"""Staff accounts a year after they were deactivated: the name and email go,
leaving "Former member of staff", so the audit log can still say an account
did something without saying who. The account can never sign in again."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.core.audit.models import AuditEvent
from app.core.copies import Copies, scrub_copies
from app.core.retention import Due, Handler, register_handler

FORMER = "Former member of staff"
REMOVED_DOMAIN = "@removed.invalid"


def anonymise(session: Session, user: StaffUser, reason: str) -> None:
    copies = Copies(everywhere=True)
    copies.add(None, user.name, user.email)
    user.name = FORMER
    user.email = f"former-staff-{user.id}{REMOVED_DOMAIN}"
    # A password nobody ever knew, and no secret to make codes from.
    user.set_password(secrets.token_urlsafe(32))
    user.totp_secret = None
    scrub_copies(session, copies, reason=reason)


def deactivated_due(session: Session, before: datetime) -> list[Due]:
    deactivated_at = (
        select(func.max(AuditEvent.occurred_at))
        .where(
            and_(AuditEvent.action == "staff.deactivate", AuditEvent.object_ref == StaffUser.email)
        )
        .scalar_subquery()
    )
    users = session.scalars(
        select(StaffUser)
        .where(
            StaffUser.is_active_account.is_(False),
            ~StaffUser.email.endswith(REMOVED_DOMAIN),
            func.coalesce(deactivated_at, StaffUser.created_at) < before,
        )
        .order_by(StaffUser.id)
    )
    return [
        Due(f"staff-{user.id}", lambda session, reason, user=user: anonymise(session, user, reason))
        for user in users
    ]


def register() -> None:
    register_handler(Handler("staff_accounts", deactivated_due))
