"""Signing in with the council account in a real browser: the button's form,
the redirect to the provider and back. A browser holds that redirect to the
page's Content Security Policy (`form-action`), which the test client does not."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.oidc_provider import OIDCProvider

LABEL = "Sign in with Elmsworth Council account"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def portal_with_sso(tmp_path_factory) -> Iterator[tuple[str, OIDCProvider]]:
    from app import create_app
    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff
    from app.core.db import db

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider = OIDCProvider(redirect_uris=(f"{base_url}/staff/sign-in/sso/callback",)).start()
    database = tmp_path_factory.mktemp("sso-browser") / "portal.sqlite"
    app = create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "browser-sso-secret-key-not-for-use-anywhere-else",
            "PUBLIC_BASE_URL": base_url,
            "TRUSTED_HOSTS": ["127.0.0.1"],
            "RATELIMIT_ENABLED": False,
            "OIDC_ISSUER": provider.issuer,
            "OIDC_CLIENT_ID": provider.client_id,
            "OIDC_CLIENT_SECRET": provider.client_secret,
            "OIDC_BUTTON_LABEL": LABEL,
        },
    )
    with app.app_context():
        db.create_all()
        create_or_update_staff(
            db.session, "rhian@elmsworth.gov.example", Role.COMMISSIONER, "a long password here"
        )
        db.session.commit()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base_url, provider
    finally:
        server.shutdown()
        server.server_close()
        provider.stop()


@pytest.mark.browser
def test_the_council_account_button_signs_in_through_the_provider(browser, portal_with_sso):
    base_url, provider = portal_with_sso
    provider.reset()
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto("/staff/sign-in?next=/admin/plans/")
        with page.expect_navigation(url=f"{base_url}/admin/plans/"):
            page.get_by_role("button", name=LABEL).click()
        assert "Signed in as" in page.content()
        assert not [line for line in console if "Content Security Policy" in line], console

        # Someone the portal does not know is told what to do.
        provider.user["email"] = "stranger@elmsworth.gov.example"
        other = browser.new_context(base_url=base_url).new_page()
        other.goto("/staff/sign-in")
        with other.expect_navigation(url=f"{base_url}/staff/sign-in/sso/callback*"):
            other.get_by_role("button", name=LABEL).click()
        assert other.get_by_role("heading", level=1).inner_text() == (
            "Your account is not set up for this portal"
        )
        other.context.close()
    finally:
        context.close()
