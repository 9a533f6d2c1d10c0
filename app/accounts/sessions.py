"""Staff sessions kept on the server.

Flask's session is a signed cookie: on its own, signing out only asks the
browser to forget it, and a copy taken earlier keeps working for as long as
the cookie is valid. So the cookie carries a random token and this table
decides whether it still signs anyone in. Ending the row (sign-out, sign out
everywhere, a changed password or role, idle or absolute expiry) ends the
session wherever the cookie has been copied to. Only the token's SHA-256
hash is stored, so a read of the database signs nobody in.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask import session as cookie
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from app.accounts.invites import hash_token
from app.accounts.models import StaffSession, StaffUser
from app.core import audit
from app.core.db import utcnow

COOKIE_KEY = "staff_session"
# Where the reason a session ended waits for the sign-in page to explain it.
ENDED_KEY = "staff_session_ended"
# last_seen_at is written at most this often: a write per request would make
# every staff page a write, and a minute is fine-grained enough for idle expiry.
TOUCH_EVERY = timedelta(seconds=60)


def now() -> datetime:
    """The clock, one place for tests to set."""
    return utcnow()


def idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["STAFF_SESSION_IDLE_SECONDS"])


def absolute_limit() -> timedelta:
    return timedelta(seconds=current_app.config["STAFF_SESSION_MAX_SECONDS"])


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_browser(user_agent: str) -> str:
    """ "Chrome on Windows": enough to tell sessions apart, and nothing more
    about the device is kept."""
    agent = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or re.sub(r"[^\w .-]", "", agent)[:40]


def start(session: Session, user: StaffUser, method: str, browser: str) -> str:
    """A new session for `user`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    moment = now()
    session.add(
        StaffSession(
            staff_user_id=user.id,
            token_hash=hash_token(token),
            method=method[:40],
            created_at=moment,
            last_seen_at=moment,
            browser=describe_browser(browser)[:80],
        )
    )
    session.flush()
    return token


def find(session: Session, token: str) -> StaffSession | None:
    """The session and its account, in one query (this runs on every staff request)."""
    return session.scalar(
        select(StaffSession)
        .options(joinedload(StaffSession.staff_user))
        .where(StaffSession.token_hash == hash_token(token))
    )


def check(session: Session, row: StaffSession | None) -> str | None:
    """Why `row` no longer signs anyone in (None: it still does).

    A session found idle or past its absolute limit is ended here, so the
    reason is kept and the list of sessions shows it ended.
    """
    if row is None:
        return "unknown"
    if row.ended_at is not None:
        return row.ended_reason or "signed_out"
    moment = now()
    if moment - row.created_at >= absolute_limit():
        end(row, "expired", moment)
        return "expired"
    if moment - row.last_seen_at >= idle_limit():
        end(row, "idle", moment)
        return "idle"
    if moment - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = moment
    return None


def end(row: StaffSession, reason: str, moment: datetime | None = None) -> None:
    if row.ended_at is None:
        row.ended_at = moment or now()
        row.ended_reason = reason


def end_all(session: Session, user: StaffUser, reason: str, *, keep_current: bool = False) -> int:
    """End every live session of `user`; with keep_current, all but this
    browser's. Returns how many were ended."""
    query = update(StaffSession).where(
        StaffSession.staff_user_id == user.id, StaffSession.ended_at.is_(None)
    )
    kept = current_token_hash() if keep_current else None
    if kept:
        query = query.where(StaffSession.token_hash != kept)
    result = session.execute(
        query.values(ended_at=now(), ended_reason=reason).execution_options(
            synchronize_session=False
        )
    )
    session.expire_all()
    return result.rowcount or 0


def sign_out_everywhere(session: Session, user: StaffUser) -> int:
    """The member of staff's own "sign out everywhere", this browser included."""
    ended = end_all(session, user, "signed_out_everywhere")
    audit.record(
        session, "staff.sign_out_everywhere", obj=user, summary=f"Signed out of {ended} sessions"
    )
    return ended


def live_sessions(session: Session, user: StaffUser) -> list[StaffSession]:
    """The account's sessions that still sign someone in, newest first.
    Ones that have gone idle or run out are left out (and ended when next used)."""
    moment = now()
    rows = session.scalars(
        select(StaffSession)
        .where(
            StaffSession.staff_user_id == user.id,
            StaffSession.ended_at.is_(None),
            StaffSession.created_at > moment - absolute_limit(),
            StaffSession.last_seen_at > moment - idle_limit(),
        )
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())
    )
    return list(rows)


def current_token_hash() -> str | None:
    token = cookie.get(COOKIE_KEY)
    return hash_token(token) if token else None


def current(session: Session) -> StaffSession | None:
    token = cookie.get(COOKIE_KEY)
    return find(session, token) if token else None
