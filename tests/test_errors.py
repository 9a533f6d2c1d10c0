"""Errors are friendly, translated pages; nothing leaks a stack trace."""

import pytest
from flask import abort

from app import create_app
from app.core.db import db
from tests.conftest import csrf_token, post_form


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


# --- Whatever a request carries, the answer is never a 500 -----------------

NAMELESS_PARTS = (
    b"--XX\r\nContent-Disposition: form-data\r\n\r\nno name\r\n"
    b'--XX\r\nContent-Disposition: form-data; filename="x.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\nno name either\r\n--XX--\r\n"
)


def _post_routes(app) -> list[str]:
    """Every URL that takes a POST, with made-up values in its placeholders."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        values = {
            name: 1 if "Integer" in type(converter).__name__ else "x"
            for name, converter in rule._converters.items()
        }
        urls.append(rule.build(values, append_unknown=False)[1])
    return sorted(urls)


def test_a_multipart_part_without_a_name_is_ignored_by_every_form(app, client, sign_in):
    sign_in("administrator")
    for url in _post_routes(app):
        response = client.post(
            url, data=NAMELESS_PARTS, content_type="multipart/form-data; boundary=XX"
        )
        assert response.status_code < 500, url
        if response.status_code == 400:
            assert "form had expired" in response.text or "There is a problem" in response.text


def test_a_form_with_a_nameless_part_still_works(client, area):
    token = csrf_token(client.get("/suppliers/sign-in").text)
    body = (
        f'--XX\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        '--XX\r\nContent-Disposition: form-data; name="email"\r\n\r\nsam@example.org\r\n'
    ).encode() + NAMELESS_PARTS
    response = client.post(
        "/suppliers/sign-in", data=body, content_type="multipart/form-data; boundary=XX"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/suppliers/sign-in/check-your-email")


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "query",
    [f"page={HUGE}", "page=-5", "page=2.5", "page=%00", "page=", f"page=-{HUGE}"],
)
@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/plans/", "Home care in the north locality"),
        ("/admin/plans/", "Home care in the north locality"),
        ("/admin/audit", "administrator@elmsworth.gov.example"),
    ],
)
def test_any_page_number_shows_a_page(client, sign_in, make_plan, url, shown, query):
    sign_in("administrator")
    make_plan(title="Home care in the north locality")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    # The one page there is: past the end means the last page, nonsense the first.
    assert shown in response.text


@pytest.mark.parametrize(
    "after", [f"1-{HUGE}", f"{HUGE}-1", f"-{HUGE}-1", "n-1", "0-0", "x-y", "1-", "%00-1", "-1"]
)
@pytest.mark.parametrize("sort", ["received", "oldest", "due"])
def test_any_cursor_shows_the_inbox(client, session, sign_in, after, sort):
    from app.inbox.services import file_submission

    sign_in("viewer")
    file_submission(session, kind="challenge", subject="Running the Greenway centre")
    session.commit()
    response = client.get(f"/inbox/?sort={sort}&after={after}")
    assert response.status_code == 200
    assert "There is a problem with the service" not in response.text


NUL_QUERIES = ["q=%00", "q=a%00b", "area=%00", "stage=%00", "lang=%00", "next=/%00"]


@pytest.mark.parametrize("query", NUL_QUERIES)
@pytest.mark.parametrize(
    "url", ["/plans/", "/consultations/", "/events/", "/inbox/", "/admin/plans/", "/admin/audit"]
)
def test_a_nul_in_the_query_string_is_harmless(client, sign_in, url, query):
    sign_in("administrator")
    assert client.get(f"{url}?{query}&actor=%00&reference=%00&assignee=%00").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/plans/home-care%00",
        "/consultations/a%00b",
        "/events/a%00b",
        "/inbox/CON-2026-%00AAAA",
        "/right-to-challenge/apply/body%0b",
        f"/admin/events/{HUGE}/attendees.xlsx",
        f"/admin/plans/{HUGE}/edit",
        f"/admin/users/{HUGE}",
    ],
)
def test_a_control_character_or_an_endless_number_in_the_address_is_not_found(client, sign_in, url):
    sign_in("administrator")
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text
