import pytest

from app import create_app
from app.config import ConfigurationError, load_config, normalise_database_url


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/portal")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config(tmp_path, "production")


def test_production_refuses_to_start_without_a_database(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        load_config(tmp_path, "production")


def test_production_refuses_a_short_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/portal")
    with pytest.raises(ConfigurationError, match="32 characters"):
        load_config(tmp_path, "production")


def test_production_starts_with_its_secrets_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db/portal")
    config = load_config(tmp_path, "production")
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://user@db/portal"
    assert config.SESSION_COOKIE_SECURE is True


def test_development_keeps_a_generated_secret_and_sqlite_in_the_instance_folder(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = load_config(tmp_path, "development")
    second = load_config(tmp_path, "development")
    assert first.SECRET_KEY == second.SECRET_KEY
    assert len(first.SECRET_KEY) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert f"sqlite:///{tmp_path / 'portal.sqlite'}" == first.SQLALCHEMY_DATABASE_URI


def test_unknown_environment_name_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="PORTAL_ENV"):
        load_config(tmp_path, "staging-ish")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg_3(given, expected):
    assert normalise_database_url(given) == expected


def test_factory_builds_a_test_app():
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert application.config["TESTING"] is True
    assert "plans.index" in application.view_functions


def test_behind_a_proxy_the_visitors_address_and_scheme_are_used():
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": 1})
    seen = {}

    @application.get("/_test/who")
    def who():
        from flask import request

        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    application.test_client().get(
        "/_test/who", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}
