"""Security keys and passkeys (WebAuthn) as a second factor for staff.

The relying party is the portal's public address, never the Host a request
claims: the RP ID is PUBLIC_BASE_URL's host and the only origin accepted is
its scheme, host and port, so a response made for a look-alike site (or for
the same site reached under another name) is refused.

A challenge is kept in the Flask session for one ceremony, used once (it is
taken out before it is checked) and for five minutes at most. The session
is a signed cookie, so a copy of an older cookie still holds its challenge:
an assertion is therefore also refused when its challenge was issued before
the key was last used, which makes every challenge single use on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask import session as cookie
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import parse_authentication_credential_json
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidJSONStructure,
    InvalidRegistrationResponse,
    WebAuthnException,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from app.accounts.models import StaffSecurityKey, StaffUser
from app.core import audit
from app.core.db import utcnow

CHALLENGE_KEY = "staff_webauthn_challenge"
CHALLENGE_SECONDS = 5 * 60
# What the browser is told to allow for the prompt, in milliseconds.
TIMEOUT_MS = CHALLENGE_SECONDS * 1000
REGISTER = "register"
SIGN_IN = "sign_in"
CONFIRM = "confirm"
NAME_LENGTH = 60
_TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


class SecurityKeyError(Exception):
    """Why a ceremony was refused: `reason` is a code for the page and the audit."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


class CloneDetected(SecurityKeyError):
    """The key signed correctly but its counter went backwards: two copies exist."""


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str
    name: str


def relying_party() -> RelyingParty:
    parts = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    host = parts.hostname or ""
    # Browsers write an origin in lower case and without the scheme's own port.
    default_port = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    return RelyingParty(
        id=host,
        origin=f"{parts.scheme}://{host}{port}",
        name=current_app.config["COUNCIL_NAME"],
    )


def user_handle(user: StaffUser) -> bytes:
    """A stable, opaque id for the account on the authenticator: never the
    email address, and the same each time so a re-registered passkey replaces
    the old one on the device rather than sitting beside it."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"staff-webauthn:{user.id}".encode(), hashlib.sha256).digest()


def keys_of(session: Session, user: StaffUser) -> list[StaffSecurityKey]:
    return list(
        session.scalars(
            select(StaffSecurityKey)
            .where(StaffSecurityKey.staff_user_id == user.id)
            .order_by(StaffSecurityKey.created_at, StaffSecurityKey.id)
        )
    )


def own_key(session: Session, key_id: int, loaded: dict) -> StaffSecurityKey | None:
    """The URL loader for a key: only the signed-in member of staff's own."""
    key = session.get(StaffSecurityKey, key_id)
    if key is None or key.staff_user_id != current_user.id:
        return None
    return key


def _descriptor(key: StaffSecurityKey) -> PublicKeyCredentialDescriptor:
    transports = [
        AuthenticatorTransport(value)
        for value in (key.transports or "").split(",")
        if value in _TRANSPORTS
    ]
    return PublicKeyCredentialDescriptor(id=key.credential_id, transports=transports or None)


# Challenges -------------------------------------------------------------------


def _keep_challenge(purpose: str, user: StaffUser, challenge: bytes) -> None:
    cookie[CHALLENGE_KEY] = {
        "purpose": purpose,
        "user": user.id,
        "challenge": challenge.hex(),
        "at": time.time(),
    }


def take_challenge(purpose: str, user: StaffUser) -> tuple[bytes, datetime]:
    """The challenge issued for this ceremony, removed so it cannot be used again."""
    kept = cookie.pop(CHALLENGE_KEY, None)
    if not isinstance(kept, dict) or kept.get("purpose") != purpose or kept.get("user") != user.id:
        raise SecurityKeyError("no_challenge")
    issued = float(kept.get("at", 0))
    if time.time() - issued > CHALLENGE_SECONDS:
        raise SecurityKeyError("timed_out")
    return bytes.fromhex(kept["challenge"]), datetime.fromtimestamp(issued, UTC)


# Registration -----------------------------------------------------------------


def registration_options(session: Session, user: StaffUser) -> str:
    """Options for navigator.credentials.create(), as JSON; keeps the challenge."""
    rp = relying_party()
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=user_handle(user),
        user_name=user.email,
        user_display_name=user.name or user.email,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(key) for key in keys_of(session, user)],
    )
    _keep_challenge(REGISTER, user, options.challenge)
    return options_to_json(options)


def add_key(session: Session, user: StaffUser, name: str, credential: str) -> StaffSecurityKey:
    """Check a registration response and keep the new key; audited."""
    challenge, _issued = take_challenge(REGISTER, user)
    rp = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=False,
        )
    except (InvalidRegistrationResponse, InvalidJSONStructure, WebAuthnException) as exc:
        raise SecurityKeyError("not_verified", str(exc)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise SecurityKeyError("not_verified", str(exc)) from exc
    if session.scalar(
        select(StaffSecurityKey.id).where(StaffSecurityKey.credential_id == verified.credential_id)
    ):
        raise SecurityKeyError("already_registered")
    key = StaffSecurityKey(
        staff_user_id=user.id,
        name=name.strip()[:NAME_LENGTH],
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=",".join(_transports_of(credential))[:120],
        created_at=utcnow(),
    )
    session.add(key)
    session.flush()
    audit.record(
        session,
        "staff.security_key_added",
        obj=user,
        summary=f"Added security key “{key.name}”",
        details={"key": key.id, "name": key.name},
    )
    return key


def _transports_of(credential: str) -> list[str]:
    try:
        found = json.loads(credential).get("response", {}).get("transports") or []
    except (ValueError, AttributeError):
        return []
    return [value for value in found if isinstance(value, str) and value in _TRANSPORTS]


def name_is_free(session: Session, user: StaffUser, name: str) -> bool:
    """Two keys with one name could not be told apart on the list."""
    wanted = name.strip().casefold()
    return all(key.name.casefold() != wanted for key in keys_of(session, user))


def remove_key(session: Session, user: StaffUser, key: StaffSecurityKey) -> None:
    audit.record(
        session,
        "staff.security_key_removed",
        obj=user,
        summary=f"Removed security key “{key.name}”",
        details={"key": key.id, "name": key.name},
    )
    session.delete(key)
    session.flush()


# Authentication ---------------------------------------------------------------


def authentication_options(session: Session, user: StaffUser, purpose: str = SIGN_IN) -> str:
    """Options for navigator.credentials.get(), allowing only `user`'s keys."""
    rp = relying_party()
    options = generate_authentication_options(
        rp_id=rp.id,
        timeout=TIMEOUT_MS,
        allow_credentials=[_descriptor(key) for key in keys_of(session, user)],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(purpose, user, options.challenge)
    return options_to_json(options)


def use_key(
    session: Session, user: StaffUser, credential: str, purpose: str = SIGN_IN
) -> StaffSecurityKey:
    """Check an assertion from one of `user`'s keys; on success move its
    counter on and audit the use. Raises SecurityKeyError (audited by the caller
    through `record_failure`) when it is refused."""
    challenge, issued = take_challenge(purpose, user)
    try:
        parsed = parse_authentication_credential_json(credential)
    except (InvalidJSONStructure, WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise SecurityKeyError("not_verified", str(exc)) from exc
    key = session.scalar(
        select(StaffSecurityKey).where(StaffSecurityKey.credential_id == parsed.raw_id)
    )
    if key is None or key.staff_user_id != user.id:
        raise SecurityKeyError("unknown_key")
    if key.last_used_at is not None and key.last_used_at >= issued:
        # The challenge came before the key's last use: a replayed response.
        raise SecurityKeyError("no_challenge", "challenge older than the key's last use")
    rp = relying_party()
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=key.public_key,
            # Judged below, once the signature is known to be the key's own.
            credential_current_sign_count=0,
            require_user_verification=False,
        )
    except (InvalidAuthenticationResponse, WebAuthnException, ValueError, TypeError) as exc:
        raise SecurityKeyError("not_verified", str(exc)) from exc
    stored, new = key.sign_count or 0, verified.new_sign_count
    if (stored > 0 or new > 0) and new <= stored:
        raise CloneDetected("cloned", f"sign count {new} after {stored} ({key.name})")
    key.sign_count = new
    key.last_used_at = utcnow()
    audit.record(
        session,
        "staff.security_key_used",
        actor=user,
        obj=user,
        summary=f"Used security key “{key.name}”",
        details={"key": key.id, "name": key.name, "purpose": purpose},
    )
    return key


def record_failure(session: Session, user: StaffUser, error: SecurityKeyError) -> None:
    """A refused key on the audit log; a counter gone backwards under its own name."""
    action = (
        "staff.security_key_cloned"
        if isinstance(error, CloneDetected)
        else ("staff.security_key_failed")
    )
    audit.record(
        session,
        action,
        actor=None,
        obj=user,
        summary=f"Security key refused ({error.reason})",
        details={"reason": error.reason, "detail": error.detail[:200]},
    )
