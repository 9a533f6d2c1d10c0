"""Staff accounts. Members of the public never have passwords here."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, LargeBinary, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import UTCDateTime, db, utcnow
from app.core.models import ServiceArea


class Role(enum.StrEnum):
    VIEWER = "viewer"
    COMMISSIONER = "commissioner"
    ADMINISTRATOR = "administrator"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


# The service areas a member of staff is limited to; none means every area.
# Deleting a staff account removes its rows; a service area still named here
# cannot be deleted, so a limit is never silently widened to every area.
staff_service_area = Table(
    "staff_service_area",
    db.metadata,
    Column(
        "staff_user_id",
        ForeignKey("staff_user.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("service_area_id", ForeignKey("service_area.id"), primary_key=True),
)


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.VIEWER.value)
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rises with every password change: a sign-in half done (password given,
    # second step not yet) before the change cannot be finished after it.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the portal's emails to them are written in ("en" or "cy").
    locale: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # How the last sign-in was made: password, totp, recovery_code, security_key, sso.
    last_sign_in_method: Mapped[str | None] = mapped_column(String(40))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Time-based one-time codes (RFC 6238). The secret must be readable to
    # check a code, so it cannot be hashed; the last accepted time step stops
    # a code seen over a shoulder being used again within its 30 seconds.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Empty: every service area. Loaded when first used (one query), not with
    # every signed-in request; lists of staff use selectinload() instead.
    service_areas: Mapped[list[ServiceArea]] = relationship(
        secondary=staff_service_area, lazy="select", order_by=ServiceArea.name
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def staff_role(self) -> Role:
        return Role(self.role)

    def get_id(self) -> str:
        # Whether the session still signs in is decided by its StaffSession row.
        return str(self.id)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.password_changed_at = utcnow()
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, minimum: Role) -> bool:
        return self.is_active and self.staff_role.at_least(minimum)

    def __repr__(self) -> str:
        return f"<StaffUser {self.email} {self.role}>"


class StaffInvite(db.Model):
    """A one-use link that lets an invited member of staff choose a password.

    Only a SHA-256 hash of the token is kept: the link in the email is the
    only copy of the token, so a read of the database cannot sign anyone in.
    """

    __tablename__ = "staff_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "invite" for a new account's first password, "reset" for a forgotten one.
    purpose: Mapped[str] = mapped_column(String(10), default="invite", server_default="invite")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )

    staff_user: Mapped[StaffUser] = relationship(foreign_keys=[staff_user_id])

    def __repr__(self) -> str:
        return f"<StaffInvite {self.id} for {self.staff_user_id}>"


class StaffSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its
    SHA-256 hash is kept here, so ending the row ends the session wherever
    the cookie has been copied to."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # password, totp, recovery_code, security_key or sso (with any second factor)
    method: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A short description of the browser ("Chrome on Windows") so staff can
    # tell their sessions apart; no address is kept.
    browser: Mapped[str] = mapped_column(String(80), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # signed_out, signed_out_everywhere, idle, expired, password_changed,
    # role_changed, deactivated, factor_reset, password_reset
    ended_reason: Mapped[str | None] = mapped_column(String(30))

    staff_user: Mapped[StaffUser] = relationship()

    def __repr__(self) -> str:
        return f"<StaffSession {self.id} of {self.staff_user_id}>"


class StaffRecoveryCode(db.Model):
    """One of ten single-use codes shown once when one-time codes are set up.
    Kept as a hash, like a password."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffSecurityKey(db.Model):
    """A WebAuthn credential: a security key or a passkey."""

    __tablename__ = "staff_security_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    transports: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<StaffSecurityKey {self.id} {self.name!r} of {self.staff_user_id}>"
