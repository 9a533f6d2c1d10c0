"""A security key in software, for tests: real P-256 keys, real signatures.

It answers the portal's options as a browser and authenticator would,
building authenticatorData, a "none" attestation and clientDataJSON by hand,
so the portal's checks (py_webauthn's) run on genuine responses. Each answer
can be bent (another origin, another RP ID, a counter set back) to show the
portal refuses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.encode_cbor import encode_cbor

USER_PRESENT = 0x01
USER_VERIFIED = 0x04
ATTESTED_CREDENTIAL = 0x40


def _client_data(kind: str, challenge: str, origin: str) -> bytes:
    return json.dumps(
        {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False},
        separators=(",", ":"),
    ).encode()


class SoftAuthenticator:
    def __init__(self, rp_id: str = "localhost", origin: str = "http://localhost") -> None:
        self.rp_id = rp_id
        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        # A security key that counts; passkeys that sync often stay at zero.
        self.counts = True

    @property
    def credential_id_b64(self) -> str:
        return bytes_to_base64url(self.credential_id)

    def _cose_public_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        return encode_cbor(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _auth_data(self, rp_id: str, flags: int, count: int, attested: bytes = b"") -> bytes:
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        return rp_id_hash + bytes([flags]) + struct.pack(">I", count) + attested

    def register(self, options: str | dict, *, origin: str | None = None, rp_id: str | None = None):
        """The JSON navigator.credentials.create() gives, for these options."""
        options = json.loads(options) if isinstance(options, str) else options
        attested = (
            b"\x00" * 16  # AAGUID: none given
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_public_key()
        )
        auth_data = self._auth_data(
            rp_id or options["rp"]["id"],
            USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL,
            self.sign_count,
            attested,
        )
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data("webauthn.create", options["challenge"], origin or self.origin)
        return json.dumps(
            {
                "id": self.credential_id_b64,
                "rawId": self.credential_id_b64,
                "type": "public-key",
                "clientExtensionResults": {},
                "authenticatorAttachment": "cross-platform",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "attestationObject": bytes_to_base64url(attestation),
                    "transports": ["usb", "nfc"],
                },
            }
        )

    def sign_in(
        self,
        options: str | dict,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        sign_count: int | None = None,
    ) -> str:
        """The JSON navigator.credentials.get() gives, for these options."""
        options = json.loads(options) if isinstance(options, str) else options
        if sign_count is None:
            if self.counts:
                self.sign_count += 1
            sign_count = self.sign_count if self.counts else 0
        auth_data = self._auth_data(
            rp_id or options.get("rpId") or self.rp_id,
            USER_PRESENT | USER_VERIFIED,
            sign_count,
        )
        client_data = _client_data("webauthn.get", options["challenge"], origin or self.origin)
        signature = self.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": self.credential_id_b64,
                "rawId": self.credential_id_b64,
                "type": "public-key",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(auth_data),
                    "signature": bytes_to_base64url(signature),
                    "userHandle": None,
                },
            }
        )


def challenge_of(options: str | dict) -> bytes:
    options = json.loads(options) if isinstance(options, str) else options
    return base64url_to_bytes(options["challenge"])
