"""Time-based one-time codes (RFC 6238, the codes an authenticator app
shows) and the recovery codes that stand in for the app when it is lost.

Administrators must have a second factor; everyone else may. A code is
accepted for the 30-second step it belongs to and the steps either side
(phones' clocks drift), and never twice: `totp_last_step` keeps the last
accepted step, so a code seen over a shoulder is worthless once used.

Recovery codes are shown once and kept only as hashes, like passwords.
Every change records its audit entry in the caller's transaction.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from flask import url_for
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts import sessions
from app.accounts.models import (
    Role,
    StaffRecoveryCode,
    StaffSecurityKey,
    StaffUser,
)
from app.core import audit
from app.core.db import utcnow
from app.core.outbox import queue_email, render_email

STEP_SECONDS = 30
# One step either side: a phone a little fast or slow, or a code typed as it changed.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
# At this many (or fewer) unused recovery codes, the member of staff is told to make new ones.
LOW_RECOVERY_CODES = 3
# Letters only, without i, l and o, which are easily misread as 1 and 0.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz"
# Recovery codes carry 54 bits of chance, far more than any password, so a
# quicker hash than the password default keeps checking ten of them quick.
_RECOVERY_HASH = "pbkdf2:sha256:60000"
# pyotp refuses secrets under 112 bits (NIST SP 800-63B): 23 base32 characters.
MIN_SECRET_LENGTH = 23
RESET_EMAIL_TEMPLATE = "accounts/email/factors_reset.txt"


class OneTimeCodesRefused(ValueError):
    """A change to one-time codes that is not allowed; nothing has changed."""

    ADMINISTRATOR = "administrator"
    OWN_ACCOUNT = "own_account"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def now() -> datetime:
    """The clock codes are checked against, one place for tests to set."""
    return utcnow()


# The authenticator's secret -----------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()  # 32 characters: 160 bits, as RFC 4226 recommends


def normalise_secret(text: str) -> str | None:
    """The secret in canonical form, or None when it is not usable base32
    of at least MIN_SECRET_LENGTH characters."""
    cleaned = re.sub(r"[\s-]", "", text or "").upper().rstrip("=")
    if len(cleaned) < MIN_SECRET_LENGTH or len(cleaned) > 64:
        return None
    try:
        base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
        pyotp.TOTP(cleaned).byte_secret()
    except (binascii.Error, ValueError):
        return None
    return cleaned


def grouped(secret: str) -> str:
    """ "ABCD EFGH ...": easier to read out and type than 32 letters in a row."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: StaffUser, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code_data_uri(uri: str) -> str:
    """A PNG as a data: address, which the content security policy allows
    (an inline SVG would need inline styles to scale)."""
    return segno.make(uri, error="m").png_data_uri(scale=5, border=4)


def has_one_time_codes(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def _step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def _clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def code_matches(secret: str, code: str, last_step: int | None, moment: datetime) -> int | None:
    """The step `code` belongs to, if it is right for a step near `moment`
    and later than `last_step`; otherwise None."""
    code = _clean_code(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = _step(moment)
    found = None
    # Every candidate is compared, so the time taken says nothing about which matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code) and found is None:
            found = step
    if found is None or (last_step is not None and found <= last_step):
        return None
    return found


def check_code(session: Session, user: StaffUser, code: str) -> bool:
    """Is `code` a current one-time code for `user`, not used before? An
    accepted code is used up."""
    if not has_one_time_codes(user):
        return False
    step = code_matches(user.totp_secret, code, user.totp_last_step, now())
    if step is None:
        return False
    # Claimed with a conditional UPDATE, so the same code sent twice at once
    # signs in only once.
    claimed = session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            (StaffUser.totp_last_step.is_(None)) | (StaffUser.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def wrong_code(session: Session, user: StaffUser, kind: str) -> None:
    """A wrong code at sign-in goes on the audit log, like a wrong password."""
    audit.record(
        session,
        "staff.sign_in_failed",
        actor=None,
        object_type="staff_user",
        object_ref=user.email,
        summary=f"Wrong {kind}",
    )


# Setting up, turning off -------------------------------------------------


def secret_for_set_up(session: Session, user: StaffUser) -> str:
    """The secret being set up: kept on the account, unused until confirmed,
    so reloading the page shows the same QR code."""
    if has_one_time_codes(user):
        raise ValueError("one-time codes are already set up")
    if not user.totp_secret:
        user.totp_secret = new_secret()
        user.totp_last_step = None
        session.flush()
    return user.totp_secret


def confirm_set_up(session: Session, user: StaffUser, code: str) -> list[str] | None:
    """Turn codes on if `code` comes from the app that was just set up.
    Returns the new recovery codes (to show once), or None for a wrong code."""
    if has_one_time_codes(user) or not user.totp_secret:
        return None
    step = code_matches(user.totp_secret, code, user.totp_last_step, now())
    if step is None:
        return None
    user.totp_last_step = step
    user.totp_enabled_at = now()
    codes = _new_recovery_codes(session, user)
    audit.record(
        session,
        "staff.totp_enabled",
        actor=user,
        obj=user,
        summary="Set up one-time codes from an authenticator app",
    )
    return codes


def provision(session: Session, user: StaffUser, secret: str) -> None:
    """Give the account a known secret (create-staff --totp-secret), for
    set-ups where no person scans a QR code."""
    user.totp_secret = secret
    user.totp_enabled_at = now()
    user.totp_last_step = None
    session.flush()
    audit.record(
        session,
        "staff.totp_enabled",
        actor=None,
        obj=user,
        summary="One-time codes provisioned from the command line",
    )


def turn_off(session: Session, user: StaffUser) -> None:
    """Stop asking for codes. Administrators must keep a second factor."""
    if user.role == Role.ADMINISTRATOR.value:
        raise OneTimeCodesRefused(OneTimeCodesRefused.ADMINISTRATOR)
    _clear_codes(session, user)
    audit.record(session, "staff.totp_disabled", obj=user, summary="Turned off one-time codes")


def _clear_codes(session: Session, user: StaffUser) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_user_id == user.id))
    session.flush()


def check_password_or_code(session: Session, user: StaffUser, answer: str) -> bool:
    """Before a change to how they sign in: proof it is still them."""
    if re.fullmatch(r"\d{6}", _clean_code(answer)) and check_code(session, user, answer):
        return True
    return user.check_password(answer or "")


# Recovery codes ----------------------------------------------------------


def _new_recovery_code() -> str:
    letters = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def _normalise_recovery_code(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (code or "").lower())


def _new_recovery_codes(session: Session, user: StaffUser) -> list[str]:
    """Ten new codes; any earlier ones stop working."""
    session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    moment = now()
    session.add_all(
        StaffRecoveryCode(
            staff_user_id=user.id,
            code_hash=generate_password_hash(_normalise_recovery_code(code), _RECOVERY_HASH),
            created_at=moment,
        )
        for code in codes
    )
    session.flush()
    return codes


def regenerate_recovery_codes(session: Session, user: StaffUser) -> list[str]:
    if not has_one_time_codes(user):
        raise ValueError("recovery codes come with one-time codes")
    codes = _new_recovery_codes(session, user)
    audit.record(
        session,
        "staff.recovery_codes_regenerated",
        obj=user,
        summary="Made new recovery codes; the old ones no longer work",
    )
    return codes


def use_recovery_code(session: Session, user: StaffUser, code: str) -> bool:
    """Sign-in with a recovery code: right codes work once, in any case,
    with or without the dashes."""
    wanted = _normalise_recovery_code(code)
    if len(wanted) != 12 or not has_one_time_codes(user):
        return False
    unused = session.scalars(
        select(StaffRecoveryCode).where(
            StaffRecoveryCode.staff_user_id == user.id, StaffRecoveryCode.used_at.is_(None)
        )
    ).all()
    for row in unused:
        if check_password_hash(row.code_hash, wanted):
            moment = now()
            claimed = session.execute(
                update(StaffRecoveryCode)
                .where(StaffRecoveryCode.id == row.id, StaffRecoveryCode.used_at.is_(None))
                .values(used_at=moment)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:
                return False
            audit.record(
                session,
                "staff.recovery_code_used",
                actor=user,
                obj=user,
                summary=f"Used a recovery code; {len(unused) - 1} left",
            )
            return True
    return False


def recovery_codes_left(session: Session, user: StaffUser) -> int:
    return session.scalar(
        select(func.count(StaffRecoveryCode.id)).where(
            StaffRecoveryCode.staff_user_id == user.id, StaffRecoveryCode.used_at.is_(None)
        )
    )


# What administrators see and do (/admin/users) ----------------------------


def factors(session: Session, users: list[StaffUser]) -> dict[int, dict]:
    """Each account's second factors, in one query however many accounts."""
    keys = (
        select(func.count(StaffSecurityKey.id))
        .where(StaffSecurityKey.staff_user_id == StaffUser.id)
        .scalar_subquery()
    )
    codes = (
        select(func.count(StaffRecoveryCode.id))
        .where(
            StaffRecoveryCode.staff_user_id == StaffUser.id,
            StaffRecoveryCode.used_at.is_(None),
        )
        .scalar_subquery()
    )
    counts = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(StaffUser.id, keys, codes).where(StaffUser.id.in_([u.id for u in users]))
        )
    }
    return {
        user.id: {
            "one_time_codes": has_one_time_codes(user),
            "security_keys": counts.get(user.id, (0, 0))[0],
            "recovery_codes": counts.get(user.id, (0, 0))[1],
        }
        for user in users
    }


def reset_factors(session: Session, user: StaffUser, *, by: StaffUser, locale: str) -> None:
    """For a lost phone or key: clear every second factor, sign the account
    out everywhere and tell its holder. An administrator so reset sets up a
    factor again at their next sign-in."""
    if user.id == by.id:
        raise OneTimeCodesRefused(OneTimeCodesRefused.OWN_ACCOUNT)
    _clear_codes(session, user)
    keys = session.execute(
        delete(StaffSecurityKey).where(StaffSecurityKey.staff_user_id == user.id)
    ).rowcount
    ended = sessions.end_all(session, user, "factor_reset")
    audit.record(
        session,
        "staff.factors_reset",
        actor=by,
        obj=user,
        summary=f"Reset sign-in factors ({keys} security keys); signed out of {ended} sessions",
    )
    subject, body = render_email(
        RESET_EMAIL_TEMPLATE,
        locale,
        name=user.name,
        by=by.name,
        administrator=user.role == Role.ADMINISTRATOR.value,
        link=url_for("accounts.sign_in", _external=True),
    )
    queue_email(session, to=user.email, subject=subject, body=body, locale=locale)
