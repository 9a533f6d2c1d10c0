"""Staff sessions end on the server: a copied cookie stops working."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts import sessions
from app.accounts.models import StaffSession
from app.core.audit.models import AuditEvent
from app.core.db import utcnow
from tests.conftest import TEST_PASSWORD, post_form

CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, stopped, and moved on only by the test: a slow
    machine must not push a boundary check over its boundary."""

    class Clock:
        moment = utcnow()

        def advance(self, **kwargs) -> None:
            self.moment += timedelta(**kwargs)

    moved = Clock()
    monkeypatch.setattr(sessions, "now", lambda: moved.moment)
    return moved


def signed_in_client(app, email: str, user_agent: str = CHROME_ON_WINDOWS):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    response = post_form(client, "/staff/sign-in", {"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.text
    return client


def session_cookie(client) -> str:
    return client.get_cookie("session", domain="localhost").value


def copy_of(app, client):
    """Another browser holding a copy of `client`'s cookie."""
    thief = app.test_client()
    thief.environ_base["HTTP_USER_AGENT"] = client.environ_base["HTTP_USER_AGENT"]
    thief.set_cookie("session", session_cookie(client), domain="localhost")
    return thief


def is_signed_in(client) -> bool:
    response = client.get("/inbox/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
    return False


def test_signing_out_ends_the_session_for_a_copied_cookie_too(app, make_staff):
    user = make_staff("commissioner")
    browser = signed_in_client(app, user.email)
    stolen = copy_of(app, browser)
    assert is_signed_in(stolen)

    post_form(browser, "/staff/sign-out", {}, form_url="/inbox/")

    assert not is_signed_in(browser)
    assert not is_signed_in(stolen)


def test_the_database_holds_only_a_hash_of_the_token(app, session, make_staff):
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)
    with browser.session_transaction() as cookie:
        token = cookie[sessions.COOKIE_KEY]
    row = session.scalars(select(StaffSession)).one()
    assert row.token_hash != token
    assert token not in row.token_hash
    assert row.token_hash == sessions.hash_token(token)
    assert row.browser == "Chrome on Windows"
    assert row.method == "password"


def test_sign_out_everywhere_ends_every_session_of_the_account_only(app, session, make_staff):
    user = make_staff("commissioner")
    colleague = make_staff("viewer")
    laptop = signed_in_client(app, user.email)
    phone = signed_in_client(
        app, user.email, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1"
    )
    theirs = signed_in_client(app, colleague.email)

    page = laptop.get("/staff/account/")
    assert page.status_code == 200
    assert "Chrome on Windows" in page.text
    assert "Safari on iPhone" in page.text
    assert page.text.count("This browser") == 1

    response = post_form(
        laptop, "/staff/account/sign-out-everywhere", {}, form_url="/staff/account/"
    )
    assert response.status_code == 302

    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert is_signed_in(theirs)
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "staff.sign_out_everywhere"
    assert event.summary == "Signed out of 2 sessions"


def test_a_session_ends_after_thirty_minutes_without_activity(app, make_staff, clock):
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)

    # Each request keeps it alive: 29 minutes, then 29 more.
    clock.advance(minutes=29, seconds=59)
    assert is_signed_in(browser)
    clock.advance(minutes=29, seconds=59)
    assert is_signed_in(browser)

    clock.advance(minutes=30)
    assert not is_signed_in(browser)
    page = browser.get("/staff/sign-in")
    assert "because you had not used the portal for 30 minutes" in page.text
    # Said once, not on every later visit.
    assert "had not used the portal" not in browser.get("/staff/sign-in").text


def test_an_idle_session_cannot_be_brought_back_by_a_copy(app, make_staff, clock):
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)
    stolen = copy_of(app, browser)
    clock.advance(minutes=30)
    assert not is_signed_in(browser)
    clock.advance(seconds=-1)
    # The server ended it: going back in time (or a copy made earlier) does not help.
    assert not is_signed_in(stolen)


def test_a_busy_session_still_ends_at_the_absolute_limit(app, make_staff, clock):
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)
    for _ in range(9 * 3):  # every 20 minutes for nine hours
        clock.advance(minutes=20)
        assert is_signed_in(browser)
    clock.advance(minutes=59, seconds=59)
    assert not is_signed_in(browser), "more than 30 minutes idle"

    browser = signed_in_client(app, user.email)
    for _ in range(29):  # every 20 minutes, to 9 h 40
        clock.advance(minutes=20)
        assert is_signed_in(browser)
    clock.advance(minutes=19, seconds=59)
    assert is_signed_in(browser)
    clock.advance(seconds=1)  # exactly 10 hours
    assert not is_signed_in(browser)
    assert "because you had been signed in for 10 hours" in browser.get("/staff/sign-in").text


def test_the_limits_are_settings(app, make_staff, clock):
    app.config["STAFF_SESSION_IDLE_SECONDS"] = 5 * 60
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)
    clock.advance(minutes=4, seconds=59)
    assert is_signed_in(browser)
    clock.advance(minutes=5)
    assert not is_signed_in(browser)


def test_a_changed_role_ends_the_accounts_sessions(app, session, client, sign_in, make_staff):
    user = make_staff("commissioner", email="sam@elmsworth.gov.example")
    theirs = signed_in_client(app, user.email)
    sign_in("administrator")
    url = f"/admin/users/{user.id}"
    page = client.get(url)
    assert page.status_code == 200
    response = post_form(client, url, {"name": user.name, "role": "viewer"})
    assert response.status_code == 302
    assert not is_signed_in(theirs)
    # The administrator making the change stays signed in.
    assert client.get("/admin/users").status_code == 200


def test_a_deactivated_account_is_signed_out_at_once(app, client, sign_in, make_staff):
    user = make_staff("commissioner", email="sam@elmsworth.gov.example")
    theirs = signed_in_client(app, user.email)
    sign_in("administrator")
    url = f"/admin/users/{user.id}"
    response = post_form(client, f"{url}/deactivate", {}, form_url=url)
    assert response.status_code == 302
    assert not is_signed_in(theirs)


def test_the_account_page_costs_the_same_whatever_the_number_of_sessions(
    app, make_staff, count_queries
):
    user = make_staff("viewer")
    browser = signed_in_client(app, user.email)
    few = count_queries(lambda: browser.get("/staff/account/"))
    for _ in range(5):
        signed_in_client(app, user.email)
    many = count_queries(lambda: browser.get("/staff/account/"))
    assert many.count == few.count
    assert browser.get("/staff/account/").text.count("Chrome on Windows") == 6


def test_describing_a_browser_keeps_nothing_identifying():
    assert sessions.describe_browser(CHROME_ON_WINDOWS) == "Chrome on Windows"
    edge = CHROME_ON_WINDOWS + " Edg/131.0.0.0"
    assert sessions.describe_browser(edge) == "Edge on Windows"
    assert (
        sessions.describe_browser("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Firefox/133.0")
        == "Firefox on Linux"
    )
    assert sessions.describe_browser("") == ""
    assert sessions.describe_browser("curl/8.5 <script>") == "curl8.5 script"
