"""A small OpenID Connect provider for the tests, served over real HTTP on a
free port in a thread, so the portal's sign-in is tested against the wire
protocol and not a stand-in for the library.

It has discovery, /authorize (which approves `user` at once and redirects
back with a code and the state), /token (checks the code, the client's
secret, the redirect address and the PKCE verifier, and returns an ID token
signed RS256 with a key made at start), /jwks and /userinfo. Knobs let a
test make it misbehave: `deny` (the user says no), `id_token_changes`
(claims changed or, with None, removed) and `sign_with` (another key).

The keys are joserfc's, the JOSE library Authlib itself uses since
`authlib.jose` was deprecated.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

KEY_ID = "test-signing-key"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OIDCProvider:
    def __init__(
        self,
        *,
        client_id: str = "commissioning-portal",
        client_secret: str = "provider-secret-for-tests",  # noqa: S107  (a test provider)
        redirect_uris: tuple[str, ...] = ("http://localhost/staff/sign-in/sso/callback",),
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = redirect_uris
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
        self.server = make_server("127.0.0.1", 0, self._make_app(), threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.reset()

    # What a test can change -------------------------------------------------

    def reset(self) -> None:
        self.user = {
            "sub": "00u-rhian",
            "email": "rhian@elmsworth.gov.example",
            "email_verified": True,
            "name": "Rhian Evans",
        }
        self.deny = False
        self.id_token_changes: dict = {}
        self.sign_with: RSAKey | None = None
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        # What the portal sent, for tests to check.
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.discovery_requests = 0

    def start(self) -> OIDCProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # The provider ----------------------------------------------------------

    def _make_app(self) -> Flask:
        app = Flask(__name__)

        @app.get("/.well-known/openid-configuration")
        def discovery():
            self.discovery_requests += 1
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                userinfo_endpoint=f"{self.issuer}/userinfo",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
                scopes_supported=["openid", "email", "profile"],
            )

        @app.get("/authorize")
        def authorize():
            args = request.args.to_dict()
            self.authorize_requests.append(args)
            # An unknown client or address is never redirected to (RFC 6749 4.1.2.1).
            if args.get("client_id") != self.client_id:
                abort(400)
            if args.get("redirect_uri") not in self.redirect_uris:
                abort(400)
            back = args["redirect_uri"]
            state = args.get("state", "")
            if self.deny:
                return redirect(f"{back}?{urlencode({'error': 'access_denied', 'state': state})}")
            if (
                args.get("response_type") != "code"
                or "openid" not in args.get("scope", "").split()
                or args.get("code_challenge_method") != "S256"
                or not args.get("code_challenge")
            ):
                return redirect(f"{back}?{urlencode({'error': 'invalid_request', 'state': state})}")
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "redirect_uri": back,
                "nonce": args.get("nonce"),
                "code_challenge": args["code_challenge"],
                "user": dict(self.user),
            }
            return redirect(f"{back}?{urlencode({'code': code, 'state': state})}")

        @app.post("/token")
        def token():
            form = request.form.to_dict()
            self.token_requests.append(form)
            client_id, secret = form.get("client_id"), form.get("client_secret")
            if request.authorization is not None:
                client_id = request.authorization.username
                secret = request.authorization.password
            if client_id != self.client_id or secret != self.client_secret:
                return jsonify(error="invalid_client"), 401
            grant = self.codes.pop(form.get("code", ""), None)  # one use
            if (
                form.get("grant_type") != "authorization_code"
                or grant is None
                or form.get("redirect_uri") != grant["redirect_uri"]
                or s256(form.get("code_verifier", "")) != grant["code_challenge"]
            ):
                return jsonify(error="invalid_grant"), 400
            access_token = secrets.token_urlsafe(24)
            self.access_tokens[access_token] = grant["user"]
            return jsonify(
                access_token=access_token,
                token_type="Bearer",
                expires_in=3600,
                scope="openid email profile",
                id_token=self.id_token(grant["user"], grant["nonce"]),
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.get("/userinfo")
        def userinfo():
            bearer = request.headers.get("Authorization", "")
            user = self.access_tokens.get(bearer.removeprefix("Bearer "))
            if user is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(user)

        return app

    def id_token(self, user: dict, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            **user,
        }
        if nonce is not None:
            claims["nonce"] = nonce
        for name, value in self.id_token_changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = self.sign_with or self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)
