from datetime import timedelta

from sqlalchemy import func, select

from app.core.outbox.models import OutboxMessage
from app.suppliers.models import SignInLink
from tests.conftest import post_form
from tests.suppliers.conftest import last_link


def emails(session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage))


def test_a_registered_supplier_signs_in_by_emailed_link(client, session, register):
    register()
    before = emails(session)
    response = post_form(
        client, "/suppliers/sign-in", {"email": " Priya@northfield-larder.org.example"}
    )
    assert response.status_code == 302
    assert emails(session) == before + 1
    page = client.get(response.headers["Location"])
    assert "Check your email" in page.text

    link = last_link(session)
    # Following the link only shows a button, so a mail scanner cannot spend it.
    assert "Continue" in client.get(link).text
    assert session.scalars(select(SignInLink)).one().used_at is None
    response = post_form(client, link, {})
    assert response.status_code == 302
    account = client.get("/suppliers/account")
    assert account.status_code == 200
    assert "Northfield Community Larder" in account.text


def test_the_answer_is_the_same_for_an_unregistered_address(client, session, register):
    register()
    before = emails(session)
    known = post_form(
        client, "/suppliers/sign-in", {"email": "priya@northfield-larder.org.example"}
    )
    unknown = post_form(client, "/suppliers/sign-in", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert emails(session) == before + 1
    page = client.get(unknown.headers["Location"])
    assert "If nobody@example.org is registered" in page.text


def test_a_link_works_only_once(client, session, register):
    register()
    post_form(client, "/suppliers/sign-in", {"email": "priya@northfield-larder.org.example"})
    link = last_link(session)
    assert post_form(client, link, {}).status_code == 302
    post_form(client, "/suppliers/sign-out", {}, form_url="/suppliers/account")
    assert client.get("/suppliers/account").status_code == 302
    reused = post_form(client, link, {})
    assert reused.status_code == 400
    assert "This sign-in link does not work" in reused.text
    assert client.get("/suppliers/account").status_code == 302


def test_a_link_expires_after_30_minutes(client, session, register):
    register()
    post_form(client, "/suppliers/sign-in", {"email": "priya@northfield-larder.org.example"})
    link = last_link(session)
    stored = session.scalars(select(SignInLink)).one()
    stored.expires_at = stored.created_at - timedelta(seconds=1)
    session.commit()
    assert stored.expires_at - stored.created_at < timedelta(minutes=31)
    response = post_form(client, link, {})
    assert response.status_code == 400
    assert client.get("/suppliers/account").status_code == 302


def test_links_last_30_minutes(client, session, register):
    register()
    post_form(client, "/suppliers/sign-in", {"email": "priya@northfield-larder.org.example"})
    stored = session.scalars(select(SignInLink)).one()
    assert stored.expires_at - stored.created_at == timedelta(minutes=30)


def test_a_made_up_link_does_not_sign_in(client, area):
    response = post_form(client, "/suppliers/sign-in/not-a-real-token", {})
    assert response.status_code == 400
    assert client.get("/suppliers/account").status_code == 302


def test_a_badly_typed_address_gets_an_error(client, area):
    response = post_form(client, "/suppliers/sign-in", {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.text


def test_the_account_needs_signing_in(client, area):
    response = client.get("/suppliers/account")
    assert response.status_code == 302
    assert "/suppliers/sign-in" in response.headers["Location"]


def test_sign_in_requests_are_rate_limited(app, client, area):
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        from app.core.extensions import limiter

        limiter.reset()
        codes = [
            post_form(client, "/suppliers/sign-in", {"email": "x@example.org"}).status_code
            for _ in range(5)
        ]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()
    assert codes[:3] == [302, 302, 302]
    assert codes[3] == 429
