"""Only the proxies named in TRUSTED_PROXIES may say who the visitor is."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import ConfigurationError
from app.core.db import db
from app.core.extensions import limiter
from app.core.proxies import TrustedProxies, trusted_networks
from tests.conftest import post_form


def seen_by_portal(trusted: str, peer: str, headers: dict | None = None) -> dict:
    """What the portal takes the visitor's address and scheme to be."""
    seen: dict = {}

    def app(environ, start_response):
        seen["addr"] = environ["REMOTE_ADDR"]
        seen["scheme"] = environ["wsgi.url_scheme"]
        start_response("200 OK", [])
        return [b""]

    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http"}
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    TrustedProxies(app, trusted_networks(trusted))(environ, lambda *a: None)
    return seen


def test_a_visitor_writing_the_headers_themselves_changes_nothing():
    seen = seen_by_portal(
        "10.0.0.0/8",
        "198.51.100.7",
        {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"addr": "198.51.100.7", "scheme": "http"}


def test_with_nothing_trusted_no_header_is_believed():
    seen = seen_by_portal("", "127.0.0.1", {"X-Forwarded-For": "203.0.113.9"})
    assert seen["addr"] == "127.0.0.1"


def test_the_proxy_in_front_says_who_the_visitor_is():
    seen = seen_by_portal(
        "10.0.0.5",
        "10.0.0.5",
        {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}


def test_addresses_a_visitor_put_before_the_proxys_own_are_not_believed():
    # The visitor sent "X-Forwarded-For: 192.0.2.1"; the proxy appended their real address.
    seen = seen_by_portal("10.0.0.5", "10.0.0.5", {"X-Forwarded-For": "192.0.2.1, 203.0.113.9"})
    assert seen["addr"] == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    seen = seen_by_portal(
        "10.0.0.0/8, 127.0.0.1",
        "127.0.0.1",
        {"X-Forwarded-For": "192.0.2.1, 203.0.113.9, 10.1.2.3, 10.0.0.5"},
    )
    assert seen["addr"] == "203.0.113.9"


def test_an_address_just_outside_a_trusted_network_ends_the_walk():
    seen = seen_by_portal(
        "10.0.0.0/24", "10.0.0.255", {"X-Forwarded-For": "192.0.2.1, 10.0.1.0, 10.0.0.1"}
    )
    assert seen["addr"] == "10.0.1.0"
    assert seen_by_portal("10.0.0.0/24", "10.0.1.0", {"X-Forwarded-For": "192.0.2.1"}) == {
        "addr": "10.0.1.0",
        "scheme": "http",
    }


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("192.0.2.1, nonsense", "10.0.0.5"),
        ("192.0.2.1, unknown, 10.0.0.6", "10.0.0.6"),
        ("192.0.2.1, 203.0.113.9:51234", "203.0.113.9"),
        ("", "10.0.0.5"),
    ],
)
def test_a_malformed_entry_stops_the_walk(forwarded_for, expected):
    seen = seen_by_portal("10.0.0.0/8", "10.0.0.5", {"X-Forwarded-For": forwarded_for})
    assert seen["addr"] == expected


def test_ipv6_proxies_and_visitors():
    seen = seen_by_portal(
        "2001:db8:a::/48", "2001:db8:a::1", {"X-Forwarded-For": "2001:db8:ffff::7"}
    )
    assert seen["addr"] == "2001:db8:ffff::7"
    bracketed = seen_by_portal(
        "2001:db8:a::1", "2001:db8:a::1", {"X-Forwarded-For": "[2001:db8:ffff::7]:443"}
    )
    assert bracketed["addr"] == "2001:db8:ffff::7"
    # An IPv4 proxy seen through a dual-stack socket is still the proxy.
    mapped = seen_by_portal("10.0.0.5", "::ffff:10.0.0.5", {"X-Forwarded-For": "203.0.113.9"})
    assert mapped["addr"] == "203.0.113.9"
    outside = seen_by_portal("2001:db8:a::/48", "2001:db8:b::1", {"X-Forwarded-For": "192.0.2.1"})
    assert outside["addr"] == "2001:db8:b::1"


def test_only_the_http_and_https_schemes_are_taken():
    seen = seen_by_portal("10.0.0.5", "10.0.0.5", {"X-Forwarded-Proto": "javascript"})
    assert seen["scheme"] == "http"


@pytest.mark.parametrize("old", ["1", " 2 ", "0", 1])
def test_the_old_hop_count_stops_the_start_and_says_what_to_write(old):
    with pytest.raises(
        ConfigurationError, match=r"addresses.*TRUSTED_PROXIES=10\.0\.0\.0/8,127\.0\.0\.1"
    ):
        create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": old})


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "proxy.internal", "0.0.0.0/0", "::/0"])
def test_a_setting_that_names_no_proxy_or_every_address_stops_the_start(bad):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        trusted_networks(bad)


def test_the_setting_reads_addresses_and_networks():
    networks = trusted_networks(" 10.0.0.0/8, 127.0.0.1 ,,2001:db8::/32")
    assert [str(n) for n in networks] == ["10.0.0.0/8", "127.0.0.1/32", "2001:db8::/32"]
    assert trusted_networks("") == ()


def test_a_visitor_rotating_x_forwarded_for_shares_one_sign_in_limit(app):
    portal = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "TRUSTED_PROXIES": "10.0.0.0/8",
            "SIGN_IN_RATE_LIMIT": "3 per minute",
        },
    )
    client = portal.test_client()
    try:
        statuses = [
            post_form(
                client,
                "/staff/sign-in",
                {"email": f"guess{n}@elmsworth.gov.example", "password": "guess"},
                environ_base={"REMOTE_ADDR": "198.51.100.7"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            ).status_code
            for n in range(4)
        ]
        assert statuses == [400, 400, 400, 429]
        # Through the proxy, another visitor has a limit of their own.
        other = post_form(
            client,
            "/staff/sign-in",
            {"email": "guess@elmsworth.gov.example", "password": "guess"},
            environ_base={"REMOTE_ADDR": "10.0.0.5"},
            headers={"X-Forwarded-For": "203.0.113.200"},
        )
        assert other.status_code == 400
    finally:
        limiter.reset()
        # Its own engine: closed here, or PostgreSQL's connection outlives the test.
        with portal.app_context():
            db.session.remove()
            db.engine.dispose()
