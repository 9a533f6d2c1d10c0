"""Configuration, read from the environment.

One class per environment, chosen by ``PORTAL_ENV`` (development, test,
production). Development needs nothing set: it keeps a SQLite file and a
generated secret under ``instance/``. Production refuses to start without
``SECRET_KEY`` and ``DATABASE_URL`` so a misconfigured host fails loudly
instead of running with a throwaway secret or an empty database. It also
refuses to start without ``PUBLIC_BASE_URL``: every absolute link the portal
builds starts with it, never with whatever Host a request claims.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(RuntimeError):
    """Raised when the environment cannot run the portal safely."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _bool_value(value: str, default: bool) -> bool:
    if not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number") from exc


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whichever scheme the host hands us."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def public_base_url(url: str) -> str:
    """The portal's public address, checked and without a trailing slash."""
    parts = urlsplit(url.strip())
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be an absolute http or https address, such as"
            f" https://commissioning.example.gov.uk, not {url!r}"
        )
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise ConfigurationError(f"PUBLIC_BASE_URL has a bad port: {url!r}") from exc
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def trusted_hosts(value: str, defaults: list[str], base_url: str) -> list[str]:
    """Host names requests may be addressed to; the public address's is always one."""
    hosts = [h.strip().lower() for h in value.split(",") if h.strip()] or list(defaults)
    public_host = urlsplit(base_url).hostname
    if public_host and public_host not in hosts:
        hosts.append(public_host)
    return hosts


def oidc_issuer(value: str) -> str:
    """The identity provider's issuer, checked: its ID tokens and discovery
    document are trusted only over TLS (plain http only on this machine, for
    a provider run by the tests or a developer)."""
    issuer = value.strip().rstrip("/")
    if not issuer:
        return ""
    parts = urlsplit(issuer)
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise ConfigurationError(
            "OIDC_ISSUER must be the https address of the council's identity provider,"
            f" such as https://login.microsoftonline.com/<tenant id>/v2.0, not {value!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(f"OIDC_ISSUER must be a plain address, not {value!r}")
    return issuer


def comma_list(value: str) -> list[str]:
    return [item.strip().lower() for item in value.split(",") if item.strip()]


def instance_secret(instance_path: Path) -> str:
    """A per-installation secret for development, created once and kept."""
    instance_path.mkdir(parents=True, exist_ok=True)
    secret_file = instance_path / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(48))
        secret_file.chmod(0o600)
    return secret_file.read_text().strip()


class Config:
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Elmsworth Borough Council")
    COUNCIL_NAME_CY = os.environ.get("COUNCIL_NAME_CY", "Cyngor Bwrdeistref Elmsworth")
    COUNCIL_URL = os.environ.get("COUNCIL_URL", "https://www.elmsworth.gov.example")
    COUNCIL_EMAIL = os.environ.get("COUNCIL_EMAIL", "commissioning@elmsworth.gov.example")

    # The privacy notice (/privacy) names who decides how personal data is used
    # (UK GDPR Art. 13(1)(a)): blank means the council itself, in the reader's language.
    DATA_CONTROLLER_NAME = os.environ.get("DATA_CONTROLLER_NAME", "")
    # The data protection officer people contact to use their rights (Art. 13(1)(b)).
    DPO_NAME = os.environ.get("DPO_NAME", "Data Protection Officer")
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "dpo@elmsworth.gov.example")
    DPO_ADDRESS = os.environ.get(
        "DPO_ADDRESS", "Elmsworth Borough Council, Town Hall, Market Square, Elmsworth EL1 1AA"
    )
    # Where people can complain about how their data is used (Art. 13(2)(d)): the
    # Information Commissioner's own complaint page and helpline, shown as text, never fetched.
    ICO_COMPLAINT_URL = os.environ.get("ICO_COMPLAINT_URL", "https://ico.org.uk/make-a-complaint/")
    ICO_HELPLINE = os.environ.get("ICO_HELPLINE", "0303 123 1113")

    # Open Contracting: the prefix registered for the council's ocids.
    OCDS_OCID_PREFIX = os.environ.get("OCDS_OCID_PREFIX", "ocds-elmsw1")
    OCDS_SCHEMA_DIR = os.environ.get("OCDS_SCHEMA_DIR", "")
    # Releases on one page of /plans.json; `links.next` leads to the next page.
    OCDS_RELEASES_PER_PAGE = _int("OCDS_RELEASES_PER_PAGE", 250)
    # Records (one per plan item) on one page of /plans/records.json.
    OCDS_RECORDS_PER_PAGE = _int("OCDS_RECORDS_PER_PAGE", 100)

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "en_GB"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    LANGUAGES = {"en": "English", "cy": "Cymraeg"}

    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 10 * 1024 * 1024)
    PLANS_PER_PAGE = 20

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    # A staff session ends after this long without a request, and after the
    # absolute limit however busy it is (a working day), whatever the cookie says.
    STAFF_SESSION_IDLE_SECONDS = _int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
    STAFF_SESSION_MAX_SECONDS = _int("STAFF_SESSION_MAX_SECONDS", 10 * 60 * 60)

    # The reverse proxies in front of the portal, as addresses or networks
    # ("10.0.0.0/8, 127.0.0.1"). Only a request from one of them has its
    # X-Forwarded-For and -Proto believed, so rate limits and sessions see the
    # real visitor while a visitor writing those headers themselves changes
    # nothing. Blank trusts none. X-Forwarded-Host never: links come from
    # PUBLIC_BASE_URL. (A bare number, the old hop count, stops the start.)
    TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")

    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Failed sign-ins from one address (successes do not count, so a whole office
    # behind one address can sign in); each account is slowed down on its own too.
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute; 50 per hour")
    # Sending a consultation response; generous, as a whole class may share one address.
    CONSULTATION_RATE_LIMIT = os.environ.get(
        "CONSULTATION_RATE_LIMIT", "30 per minute; 300 per hour"
    )
    # Told when a response matches the safeguarding list (COUNCIL_EMAIL when blank).
    SAFEGUARDING_LEAD_EMAIL = os.environ.get("SAFEGUARDING_LEAD_EMAIL", "")
    CHILDRENS_SERVICES_PHONE = os.environ.get("CHILDRENS_SERVICES_PHONE", "01632 960 400")
    # Each step of a Right to Challenge form is a POST; /track is guessable, so tighter.
    CHALLENGE_FORM_RATE_LIMIT = os.environ.get(
        "CHALLENGE_FORM_RATE_LIMIT", "60 per minute; 600 per hour"
    )
    TRACK_RATE_LIMIT = os.environ.get("TRACK_RATE_LIMIT", "10 per minute; 60 per hour")
    # Each survey question is a POST of its own, so this allows a whole survey a minute.
    SURVEY_RATE_LIMIT = os.environ.get("SURVEY_RATE_LIMIT", "60 per minute; 600 per hour")

    # Cache rendered public pages for anonymous readers; invalidated on every change.
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_SIZE = _int("PAGE_CACHE_SIZE", 512)
    PAGE_CACHE_VERSION_TTL = float(os.environ.get("PAGE_CACHE_VERSION_TTL", "1.0"))
    # Rows of public lists kept rendered (app.core.fragments), page cache or not.
    FRAGMENT_CACHE_SIZE = _int("FRAGMENT_CACHE_SIZE", 2048)

    # Suggested themes (app/core/themes): a question's answers are themed again
    # once they grow by this share of those the last suggestions came from.
    THEME_SUGGESTIONS_RECOMPUTE_SHARE = float(
        os.environ.get("THEME_SUGGESTIONS_RECOMPUTE_SHARE", "0.2")
    )
    # With REDIS_URL the worker takes them from this RQ queue; without, a thread
    # of the web process works them out (unless this is off: then `flask worker`).
    THEME_QUEUE = os.environ.get("THEME_QUEUE", "themes")
    THEME_SUGGESTIONS_IN_PROCESS = _bool("THEME_SUGGESTIONS_IN_PROCESS", True)

    # Email: saved to the outbox with the change that causes it, sent by `flask worker`.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")  # file, smtp or notify
    MAIL_FROM = os.environ.get("MAIL_FROM", "")  # blank: COUNCIL_NAME <COUNCIL_EMAIL>
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", "")  # the file backend's; blank: instance/mail
    MAIL_SEND_AFTER_COMMIT = _bool("MAIL_SEND_AFTER_COMMIT", False)
    MAIL_MAX_ATTEMPTS = _int("MAIL_MAX_ATTEMPTS", 6)
    MAIL_QUEUE = os.environ.get("MAIL_QUEUE", "outbox")
    MAIL_SMTP_HOST = os.environ.get("MAIL_SMTP_HOST", "localhost")
    MAIL_SMTP_PORT = _int("MAIL_SMTP_PORT", 25)
    MAIL_SMTP_USERNAME = os.environ.get("MAIL_SMTP_USERNAME", "")
    MAIL_SMTP_PASSWORD = os.environ.get("MAIL_SMTP_PASSWORD", "")
    MAIL_SMTP_STARTTLS = _bool("MAIL_SMTP_STARTTLS", False)
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")

    # Hosts answered besides PUBLIC_BASE_URL's when TRUSTED_HOSTS is not set.
    default_trusted_hosts: list[str] = []

    def __init__(self, instance_path: Path) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.default_secret(instance_path)
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("DATABASE_URL") or self.default_database(instance_path)
        )
        self.PUBLIC_BASE_URL = public_base_url(
            self.environ("PUBLIC_BASE_URL") or self.default_public_base_url()
        )
        # Flask answers any other Host with 400 (werkzeug's SecurityError).
        self.TRUSTED_HOSTS = trusted_hosts(
            self.environ("TRUSTED_HOSTS"), self.default_trusted_hosts, self.PUBLIC_BASE_URL
        )
        # The full CPV 2008 list a council loads with `flask cpv-import`
        # (app/core/cpv.py); while the file is absent the shipped list is used.
        self.CPV_CODES_FILE = self.environ("CPV_CODES_FILE") or self.default_cpv_file(instance_path)
        self._read_single_sign_on()

    def default_cpv_file(self, instance_path: Path) -> str:
        return str(instance_path / "cpv_2008.tsv")

    def _read_single_sign_on(self) -> None:
        """Staff sign-in through the council's own identity provider (OpenID
        Connect): Microsoft Entra ID, Google Workspace or any other. Accounts
        are still invited here; the provider only proves who is signing in."""
        # Blank: single sign-on is off and the sign-in page shows no button for it.
        # The discovery document is read from <issuer>/.well-known/openid-configuration.
        self.OIDC_ISSUER = oidc_issuer(self.environ("OIDC_ISSUER"))
        # The portal's registration with the provider (its application or client).
        self.OIDC_CLIENT_ID = self.environ("OIDC_CLIENT_ID").strip()
        self.OIDC_CLIENT_SECRET = self.environ("OIDC_CLIENT_SECRET").strip()
        # The button's words, such as "Sign in with Elmsworth Council account";
        # blank: "Sign in with your council account".
        self.OIDC_BUTTON_LABEL = self.environ("OIDC_BUTTON_LABEL").strip()
        # The same in Welsh; blank: "Mewngofnodi gyda'ch cyfrif cyngor".
        self.OIDC_BUTTON_LABEL_CY = self.environ("OIDC_BUTTON_LABEL_CY").strip()
        # What the portal asks the provider for: who you are and your email, no more.
        self.OIDC_SCOPES = self.environ("OIDC_SCOPES").strip() or "openid email profile"
        # Email domains whose accounts may sign in this way (blank: any). A guest
        # account in the council's directory with an outside address is refused.
        self.OIDC_ALLOWED_DOMAINS = comma_list(self.environ("OIDC_ALLOWED_DOMAINS"))
        # Off (with single sign-on set up): only the council's sign-in works for
        # everyone but administrators, who keep their password and second factor
        # as a way in when the identity provider is down or misconfigured.
        self.PASSWORD_SIGN_IN = _bool_value(self.environ("PASSWORD_SIGN_IN"), True)
        if "openid" not in self.OIDC_SCOPES.split():
            raise ConfigurationError("OIDC_SCOPES must include openid, or no ID token is sent")
        if self.OIDC_ISSUER and not (self.OIDC_CLIENT_ID and self.OIDC_CLIENT_SECRET):
            raise ConfigurationError("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET")
        if not self.PASSWORD_SIGN_IN and not self.OIDC_ISSUER:
            raise ConfigurationError(
                "PASSWORD_SIGN_IN can be switched off only when OIDC_ISSUER is set:"
                " otherwise only administrators could sign in"
            )

    def environ(self, name: str) -> str:
        return os.environ.get(name, "")

    def default_public_base_url(self) -> str:
        return "http://127.0.0.1:5000"

    def default_secret(self, instance_path: Path) -> str:
        return instance_secret(instance_path)

    def default_database(self, instance_path: Path) -> str:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'portal.sqlite'}"


class DevelopmentConfig(Config):
    DEBUG = False
    SESSION_COOKIE_SECURE = False
    default_trusted_hosts = ["127.0.0.1", "localhost"]
    # No worker needed to see mail in development: it is written to instance/mail at once.
    MAIL_SEND_AFTER_COMMIT = _bool("MAIL_SEND_AFTER_COMMIT", True)


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
    # Limits stay on so tests exercise them; sign-in is generous except where a test tightens it.
    RATELIMIT_ENABLED = True
    SIGN_IN_RATE_LIMIT = "10000 per minute"
    CONSULTATION_RATE_LIMIT = "10000 per minute"
    CHALLENGE_FORM_RATE_LIMIT = "10000 per minute"
    TRACK_RATE_LIMIT = "10000 per minute"
    SURVEY_RATE_LIMIT = "10000 per minute"
    PAGE_CACHE_ENABLED = False
    SERVER_NAME = "localhost"
    # Tests send mail only when they mean to, and never to a real provider.
    MAIL_BACKEND = "file"
    MAIL_SEND_AFTER_COMMIT = False
    # Tests work suggested themes out themselves, when they mean to.
    THEME_SUGGESTIONS_IN_PROCESS = False
    default_trusted_hosts = ["localhost"]

    def environ(self, name: str) -> str:
        # A developer's own public address or identity provider must not change what tests see.
        if name in {
            "PUBLIC_BASE_URL",
            "TRUSTED_HOSTS",
            "PASSWORD_SIGN_IN",
            "CPV_CODES_FILE",
        } or name.startswith("OIDC_"):
            return ""
        return os.environ.get(name, "")

    def default_public_base_url(self) -> str:
        return "http://localhost"

    def default_secret(self, instance_path: Path) -> str:
        return "test-secret-not-for-use-anywhere-else"

    def default_database(self, instance_path: Path) -> str:
        return "sqlite://"

    def default_cpv_file(self, instance_path: Path) -> str:
        # The shipped list, whatever a developer has imported; tests set their own.
        return ""


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    # A folder of unsent mail helps nobody in production: default to the host's mail server.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    # Theming a big consultation takes a CPU for seconds: `flask worker` does it,
    # not a web process, unless this is set.
    THEME_SUGGESTIONS_IN_PROCESS = _bool("THEME_SUGGESTIONS_IN_PROCESS", False)

    def default_secret(self, instance_path: Path) -> str:
        raise ConfigurationError("SECRET_KEY must be set in production")

    def default_database(self, instance_path: Path) -> str:
        raise ConfigurationError("DATABASE_URL must be set in production")

    def default_public_base_url(self) -> str:
        # Guessing from requests is what let a forged Host header into emailed links.
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be set in production, such as"
            " https://commissioning.example.gov.uk"
        )


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(instance_path: Path, env: str | None = None) -> Config:
    name = (env or os.environ.get("PORTAL_ENV") or "development").lower()
    try:
        config_class = CONFIGS[name]
    except KeyError as exc:
        raise ConfigurationError(
            f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {name!r}"
        ) from exc
    config = config_class(instance_path)
    if name == "production" and len(config.SECRET_KEY) < 32:
        raise ConfigurationError("SECRET_KEY must be at least 32 characters in production")
    return config
