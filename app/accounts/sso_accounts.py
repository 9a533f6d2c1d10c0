"""Which portal account a sign-in through the council's identity provider
belongs to. The provider proves an email address; the account, its role and
its service areas are the portal's own, and must have been invited first.
Views reach these through `app.accounts.services`.

What counts as a verified email: the standard `email_verified` claim, true.
Microsoft Entra ID does not send that claim; it can send the optional claim
`xms_edov` ("email domain owner verified"), which says the address's domain
is verified by the tenant that issued the token. That is accepted, but only
when `email_verified` is absent. We do not accept an `email` merely because
it equals `preferred_username` or `upn`: Microsoft documents both as
mutable and not for authorisation, and a guest in the council's directory
can carry an outside address in them.
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from app.accounts.models import StaffInvite, StaffUser
from app.core import audit
from app.core.db import utcnow


class SSORefused(Exception):
    """The provider vouched for someone the portal will not sign in.
    The refusal is on the audit log (in the caller's transaction)."""

    NO_EMAIL = "no_email"
    UNVERIFIED = "unverified_email"
    DOMAIN = "domain_not_allowed"
    UNKNOWN = "unknown_account"
    INACTIVE = "inactive_account"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SUMMARIES = {
    SSORefused.NO_EMAIL: "The identity provider sent no email address",
    SSORefused.UNVERIFIED: "The identity provider did not say the email address is verified",
    SSORefused.DOMAIN: "Email domain not allowed for single sign-on",
    SSORefused.UNKNOWN: "No portal account has this email address",
    SSORefused.INACTIVE: "The account is deactivated",
}


def _is_true(value: object) -> bool:
    # Some providers send JSON strings ("true") where the standard says boolean.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in {"true", "1"}


def email_is_verified(claims: dict) -> bool:
    if "email_verified" in claims:
        return _is_true(claims["email_verified"])
    return _is_true(claims.get("xms_edov"))


def account_for_sso(session: Session, claims: dict, allowed_domains: list[str]) -> StaffUser:
    """The active account the verified email in `claims` belongs to, or
    SSORefused. An invited account that has not yet set a password accepts
    its invitation by signing in this way."""
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) else ""
    local, _, domain = email.rpartition("@")
    if not local or not domain:
        _refuse(session, SSORefused.NO_EMAIL)
    if not email_is_verified(claims):
        _refuse(session, SSORefused.UNVERIFIED, domain=domain)
    if allowed_domains and domain not in allowed_domains:
        _refuse(session, SSORefused.DOMAIN, domain=domain)
    user = session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
    if user is None:
        # A verified address on an allowed domain: a colleague an administrator
        # may want to invite, so the address is kept on the log.
        _refuse(session, SSORefused.UNKNOWN, domain=domain, email=email)
    if not user.is_active:
        _refuse(session, SSORefused.INACTIVE, domain=domain, email=user.email)
    _accept_invitation(session, user)
    return user


def _refuse(
    session: Session, reason: str, *, domain: str = "", email: str | None = None
) -> NoReturn:
    audit.record(
        session,
        "staff.sso_refused",
        actor=None,
        object_type="staff_user",
        object_ref=email,
        summary=_SUMMARIES[reason],
        details={"reason": reason, "email_domain": domain},
    )
    raise SSORefused(reason)


def _accept_invitation(session: Session, user: StaffUser) -> None:
    """Signing in through the provider proves the address the invitation was
    sent to, so it accepts the invitation: its links stop working and the
    account no longer shows as waiting for a password."""
    accepted_before = session.scalar(
        select(
            exists().where(StaffInvite.staff_user_id == user.id, StaffInvite.used_at.is_not(None))
        )
    )
    if accepted_before:
        return
    now = utcnow()
    used = session.execute(
        update(StaffInvite)
        .where(
            StaffInvite.staff_user_id == user.id,
            StaffInvite.used_at.is_(None),
            StaffInvite.purpose == "invite",
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount:
        audit.record(
            session,
            "staff.invite_accepted",
            actor=user,
            object_type="staff_user",
            object_ref=user.email,
            summary="Accepted the invitation by signing in with the council's identity provider",
        )


def record_rejected_token(session: Session, detail: str) -> None:
    """The provider's answer failed its checks (an ID token with a bad
    signature, for another application or with another sign-in's nonce; a
    code refused at the token endpoint): worth an administrator's eye."""
    audit.record(
        session,
        "staff.sso_refused",
        actor=None,
        object_type="staff_user",
        summary="The identity provider's answer failed the portal's checks",
        details={"reason": "answer_rejected", "detail": detail[:500]},
    )
