"""Talking to the council's identity provider (OpenID Connect), through
Authlib's Flask client: the authorisation-code flow with state, nonce and
PKCE (S256), and an ID token checked for its signature, issuer, audience,
expiry and nonce.

The provider only proves who is signing in. Whether they may use the portal,
with which role and in which service areas, is the portal's to decide
(`sso_accounts.py`): accounts must already have been invited.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import current_app, g, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from app.core.i18n import current_language
from app.core.security import CONTENT_SECURITY_POLICY

log = logging.getLogger(__name__)

NAME = "council"
DISCOVERY_PATH = "/.well-known/openid-configuration"
# The discovery document (and the signing keys it points to) is read once and
# kept; read again after a day so a provider's moved endpoints are picked up.
# Keys are also read again at once when a token names a key we do not have.
METADATA_LIFETIME = 24 * 60 * 60
TIMEOUT = 10  # seconds for each request to the provider
_NEXT = "sso_next"  # where to go after signing in, kept in the session meanwhile


def configured() -> bool:
    return bool(current_app.config.get("OIDC_ISSUER"))


def button_label() -> str | None:
    """The sign-in page's button, in the reader's language; None when single
    sign-on is off. A page that shows it lets its form go on to the provider
    (see `allow_forms_to_provider`)."""
    if not configured():
        return None
    g.sso_button_shown = True
    config = current_app.config
    label = config.get(
        "OIDC_BUTTON_LABEL_CY" if current_language() == "cy" else "OIDC_BUTTON_LABEL"
    )
    return label or _("Sign in with your council account")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allow_forms_to_provider(response: Response) -> Response:
    """The button's form is answered with a redirect to the provider, and
    browsers hold a redirect after a form to the page's `form-action`: add
    the provider's origin on pages that show the button. Its authorisation
    endpoint shares the issuer's origin at Entra ID and Google; any other
    is added once the discovery document has been read."""
    if not g.get("sso_button_shown") or not configured():
        return response
    origins = {_origin(current_app.config["OIDC_ISSUER"])}
    cached = current_app.extensions.get("portal_sso")
    endpoint = cached[1].server_metadata.get("authorization_endpoint") if cached else None
    if isinstance(endpoint, str):
        origins.add(_origin(endpoint))
    policy = response.headers.get("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    allowed = " ".join(["'self'", *sorted(origins)])
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'self'", f"form-action {allowed}"
    )
    return response


def password_sign_in_open_to_all() -> bool:
    """False when the council has switched passwords off for everyone but
    administrators (only possible with single sign-on set up)."""
    return bool(current_app.config.get("PASSWORD_SIGN_IN", True)) or not configured()


class ProviderProblem(Exception):
    """Signing in with the provider did not finish; nothing was signed in.

    `kind` says what the visitor is told: CANCELLED (they said no, or the
    provider refused), EXPIRED (an old or forged callback: no matching state
    in this browser), UNAVAILABLE (the provider could not be reached),
    REJECTED (the provider's answer failed our checks).
    """

    CANCELLED = "cancelled"
    EXPIRED = "expired"
    UNAVAILABLE = "unavailable"
    REJECTED = "rejected"

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Settings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str


def _settings() -> Settings:
    config = current_app.config
    return Settings(
        issuer=config["OIDC_ISSUER"],
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        scopes=config.get("OIDC_SCOPES") or "openid email profile",
    )


def _client() -> FlaskOAuth2App:
    """The provider's client, made once per process and settings; it keeps
    the discovery document and signing keys it has read."""
    settings = _settings()
    cached = current_app.extensions.get("portal_sso")
    if cached is None or cached[0] != settings:
        client = FlaskOAuth2App(
            FlaskIntegration(NAME),
            name=NAME,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.issuer + DISCOVERY_PATH,
            client_kwargs={
                "scope": settings.scopes,
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT,
            },
        )
        cached = (settings, client)
        current_app.extensions["portal_sso"] = cached
    client = cached[1]
    loaded_at = client.server_metadata.get("_loaded_at")
    if loaded_at is not None and time.time() - loaded_at > METADATA_LIFETIME:
        client.server_metadata = {}
    return client


def _discover(client: FlaskOAuth2App) -> None:
    try:
        metadata = client.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        log.warning("Could not read the identity provider's discovery document: %s", error)
        raise ProviderProblem(ProviderProblem.UNAVAILABLE, str(error)) from error
    issuer = _settings().issuer
    # OpenID Connect Discovery 1.0, section 4.3: the document must name the
    # issuer it was fetched for, or it may be someone else's.
    if metadata.get("issuer", "").rstrip("/") != issuer:
        client.server_metadata = {}
        log.error(
            "The identity provider's discovery document names issuer %r, not OIDC_ISSUER %r",
            metadata.get("issuer"),
            issuer,
        )
        raise ProviderProblem(ProviderProblem.UNAVAILABLE, "issuer mismatch")


def start(next_url: str | None) -> Response:
    """Send the visitor to the provider. Authlib keeps state, nonce and the
    PKCE verifier in this browser's (signed) session until they come back."""
    client = _client()
    _discover(client)
    session[_NEXT] = next_url
    return client.authorize_redirect(url_for("accounts.sso_callback", _external=True))


def finish() -> dict:
    """The checked ID token's claims for the visitor coming back from the
    provider, or ProviderProblem."""
    client = _client()
    error = request.args.get("error")
    if error:
        log.info(
            "The identity provider returned %s: %s", error, request.args.get("error_description")
        )
        raise ProviderProblem(ProviderProblem.CANCELLED, error)
    state = request.args.get("state") or ""
    if not state or client.framework.get_state_data(session, state) is None:
        raise ProviderProblem(ProviderProblem.EXPIRED, "no sign-in under way with this state")
    _discover(client)
    try:
        # Checks the signature against the provider's keys, exp, iat, azp and
        # the nonce this browser was sent with. The issuer and audience are
        # named here: Authlib checks `aud` only through `azp` otherwise, so a
        # token minted for another application that names us as its
        # authorised party would pass.
        settings = _settings()
        token = client.authorize_access_token(
            claims_options={
                "iss": {"essential": True, "value": settings.issuer},
                "aud": {"essential": True, "value": settings.client_id},
            }
        )
    except requests.RequestException as error:
        log.warning("Could not reach the identity provider's token endpoint: %s", error)
        raise ProviderProblem(ProviderProblem.UNAVAILABLE, str(error)) from error
    except (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError) as error:
        log.warning("The identity provider's answer was refused: %r", error)
        raise ProviderProblem(ProviderProblem.REJECTED, repr(error)) from error
    claims = token.get("userinfo")
    if not claims:
        raise ProviderProblem(ProviderProblem.REJECTED, "no ID token in the token response")
    return dict(claims)


def take_next() -> str | None:
    return session.pop(_NEXT, None)
