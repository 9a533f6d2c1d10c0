"""Errors are friendly, translated pages; nothing leaks a stack trace."""

import pytest
from flask import abort

from app import create_app
from app.core.db import db
from tests.conftest import post_form


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


def test_404_in_welsh(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "cy"})
    assert response.status_code == 404
    assert '<html lang="cy"' in response.text
    assert "Page not found" not in response.text


def test_a_form_without_its_csrf_token_is_refused_with_an_explanation(client):
    response = client.post("/staff/sign-in", data={"email": "a@b.example", "password": "x"})
    assert response.status_code == 400
    assert "form had expired" in response.text


def test_an_oversized_request_is_refused_politely(app, client):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/staff/sign-in", data={"email": big})
    assert response.status_code == 413
    assert "too large" in response.text


def test_wrong_role_gets_a_403_page(client, sign_in):
    sign_in("viewer")
    response = client.get("/admin/plans/new")
    assert response.status_code == 403
    assert "do not have permission" in response.text


@pytest.fixture
def broken_app(app):
    """A separate app, since routes cannot be added to one already serving."""
    broken = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PROPAGATE_EXCEPTIONS": False,
        },
    )

    @broken.get("/_test/boom")
    def boom():
        raise RuntimeError("database exploded")

    @broken.get("/_test/bad-request")
    def bad_request():
        abort(400)

    yield broken
    with broken.app_context():
        db.engine.dispose()


def test_an_unexpected_failure_shows_a_friendly_500(broken_app):
    client = broken_app.test_client()
    response = client.get("/_test/boom")
    assert response.status_code == 500
    assert "problem with the service" in response.text
    assert "database exploded" not in response.text
    assert client.get("/_test/bad-request").status_code == 400


def test_healthz_reports_the_database_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_sign_in_survives_a_post_with_missing_fields(client):
    response = post_form(client, "/staff/sign-in", {})
    assert response.status_code == 400
    assert "Enter your email address" in response.text
