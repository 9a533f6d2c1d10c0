"""The commissioning team's settings, changed by administrators: who leads
the team (told about overdue items) and the team's own email address (where
the public's answers to replies go)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.core import audit
from app.inbox.models import InboxSetting

TEAM_LEAD = "team_lead_id"
TEAM_EMAIL = "team_email"


def get_setting(session: Session, key: str) -> str:
    return session.scalar(select(InboxSetting.value).where(InboxSetting.key == key)) or ""


def set_setting(session: Session, key: str, value: str) -> bool:
    """Save a setting in the caller's transaction; False when it was already so."""
    row = session.get(InboxSetting, key)
    if row is None:
        if not value:
            return False
        session.add(InboxSetting(key=key, value=value))
        return True
    if row.value == value:
        return False
    row.value = value
    return True


def team_lead(session: Session) -> StaffUser | None:
    """The lead, while their account can still sign in."""
    value = get_setting(session, TEAM_LEAD)
    if not value.isdigit():
        return None
    user = session.get(StaffUser, int(value))
    return user if user is not None and user.is_active_account else None


def team_email(session: Session) -> str:
    """The team's address; the council's general address until one is set."""
    return get_setting(session, TEAM_EMAIL) or current_app.config.get("COUNCIL_EMAIL", "")


def save_team_settings(session: Session, *, lead: StaffUser | None, email: str) -> dict:
    """Change the team's settings in the caller's transaction, with an audit
    entry; returns what changed (from, to)."""
    wanted = {TEAM_LEAD: str(lead.id) if lead else "", TEAM_EMAIL: email.strip()}
    changes = {}
    for key, value in wanted.items():
        before = get_setting(session, key)
        if set_setting(session, key, value):
            changes[key] = {"from": before, "to": value}
    if changes:
        audit.record(
            session,
            "settings.update",
            object_type="inbox_setting",
            object_ref="commissioning team",
            summary="Changed " + ", ".join(sorted(changes)),
            details=changes,
        )
    return changes
