"""Staff accounts. Members of the public never have passwords here."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
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
    # Changing this signs the account out everywhere (password change, deactivation).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
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
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )

    staff_user: Mapped[StaffUser] = relationship(foreign_keys=[staff_user_id])

    def __repr__(self) -> str:
        return f"<StaffInvite {self.id} for {self.staff_user_id}>"
