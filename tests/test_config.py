import pytest

from app import create_app
from app.config import ConfigurationError, load_config, normalise_database_url

PUBLIC = "https://commissioning.example.gov.uk"


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    return monkeypatch


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
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://commissioning.example.gov.uk")
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/portal")
    with pytest.raises(ConfigurationError, match="32 characters"):
        load_config(tmp_path, "production")


def test_production_starts_with_its_secrets_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://commissioning.example.gov.uk")
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
    application = create_app(
        "test", {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": "127.0.0.1"}
    )
    seen = {}

    @application.get("/_test/who")
    def who():
        from flask import request

        seen["addr"], seen["scheme"], seen["host"] = (
            request.remote_addr,
            request.scheme,
            request.host,
        )
        return "ok"

    application.test_client().get(
        "/_test/who",
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            # Not trusted: it is as easy to forge as the Host header itself.
            "X-Forwarded-Host": "attacker.example",
        },
    )
    assert seen == {"addr": "203.0.113.9", "scheme": "https", "host": "localhost"}


def test_production_refuses_to_start_without_its_public_address(production_env, tmp_path):
    production_env.delenv("PUBLIC_BASE_URL")
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL must be set"):
        load_config(tmp_path, "production")


@pytest.mark.parametrize(
    "given",
    [
        "commissioning.example.gov.uk",
        "//commissioning.example.gov.uk",
        "ftp://commissioning.example.gov.uk",
        "https://",
        "https://commissioning.example.gov.uk/?from=email",
        "https://commissioning.example.gov.uk/#top",
        "https://someone:secret@commissioning.example.gov.uk",
        "https://commissioning.example.gov.uk:https",
    ],
)
def test_production_refuses_a_public_address_that_is_not_one(production_env, tmp_path, given):
    production_env.setenv("PUBLIC_BASE_URL", given)
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        load_config(tmp_path, "production")


def test_the_public_address_is_kept_without_a_trailing_slash(production_env, tmp_path):
    production_env.setenv("PUBLIC_BASE_URL", "https://Commissioning.Example.gov.uk/portal/")
    config = load_config(tmp_path, "production")
    assert config.PUBLIC_BASE_URL == "https://commissioning.example.gov.uk/portal"
    assert config.TRUSTED_HOSTS == ["commissioning.example.gov.uk"]


def test_production_answers_only_to_its_public_host(production_env):
    portal = create_app("production")
    client = portal.test_client()
    refused = client.get("/healthz", headers={"Host": "attacker.example"})
    assert refused.status_code == 400
    assert client.get("/healthz", base_url=PUBLIC).status_code == 200


def test_trusted_hosts_are_read_as_a_list_and_keep_the_public_host(production_env, tmp_path):
    production_env.setenv("TRUSTED_HOSTS", " portal.internal, Old-Name.example.gov.uk ,")
    config = load_config(tmp_path, "production")
    assert config.TRUSTED_HOSTS == [
        "portal.internal",
        "old-name.example.gov.uk",
        "commissioning.example.gov.uk",
    ]


def test_development_answers_to_this_machine(monkeypatch, tmp_path):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    config = load_config(tmp_path, "development")
    assert config.PUBLIC_BASE_URL == "http://127.0.0.1:5000"
    assert config.TRUSTED_HOSTS == ["127.0.0.1", "localhost"]
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://portal.test:8000")
    assert load_config(tmp_path, "development").TRUSTED_HOSTS == [
        "127.0.0.1",
        "localhost",
        "portal.test",
    ]


def test_tests_ignore_a_developers_own_address(monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://my-laptop.example")
    monkeypatch.setenv("TRUSTED_HOSTS", "my-laptop.example")
    config = load_config(tmp_path, "test")
    assert config.PUBLIC_BASE_URL == "http://localhost"
    assert config.TRUSTED_HOSTS == ["localhost"]
