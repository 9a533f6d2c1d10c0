"""Failed sign-ins slow guessing down per account and per address, without
ever locking a member of staff out for good."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import create_app
from app.accounts import throttle
from app.core.audit.models import AuditEvent
from app.core.db import db
from app.core.extensions import limiter
from app.core.outbox.models import OutboxMessage
from tests.conftest import TEST_PASSWORD, post_form

WRONG = "not the password at all"
NOBODY = "nobody@elmsworth.gov.example"


class Clock:
    def __init__(self) -> None:
        # Half a second past: a wait rounded the wrong way shows as a minute too many.
        self.time = 1_800_000_000.5

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


@pytest.fixture
def clock(monkeypatch):
    found = Clock()
    monkeypatch.setattr(throttle, "now", found)
    return found


def attempt(client, email: str, password: str = WRONG, address: str = "127.0.0.1"):
    return post_form(
        client,
        "/staff/sign-in",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def fail(client, email: str, times: int) -> list[int]:
    return [attempt(client, email).status_code for _ in range(times)]


def minutes_asked(response) -> int:
    match = re.search(r"Try again in (\d+) minutes?\b", response.text)
    assert match, "the page does not say how long to wait"
    return int(match.group(1))


def is_signed_in(client) -> bool:
    return client.get("/inbox/").status_code == 200


def test_five_failures_cost_nothing_and_the_sixth_makes_the_next_attempt_wait(
    client, make_staff, clock
):
    user = make_staff("viewer")
    assert fail(client, user.email, 5) == [400] * 5
    sixth = attempt(client, user.email)
    assert sixth.status_code == 429
    assert "Too many attempts to sign in. Try again" in sixth.text
    assert minutes_asked(sixth) == 1
    assert "Retry-After" in sixth.headers

    # The right password is refused while the wait lasts, with the same words.
    clock.advance(59)
    early = attempt(client, user.email, TEST_PASSWORD)
    assert early.status_code == 429
    assert minutes_asked(early) == 1
    assert not is_signed_in(client)

    clock.advance(1)
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_each_wait_doubles_and_stops_at_fifteen_minutes(client, make_staff, clock):
    user = make_staff("viewer")
    fail(client, user.email, 5)
    waits = []
    for _ in range(7):
        response = attempt(client, user.email)
        assert response.status_code == 429
        waits.append(minutes_asked(response))
        # A second short of the wait, still refused (and that try does not count).
        clock.advance(waits[-1] * 60 - 1)
        assert attempt(client, user.email, TEST_PASSWORD).status_code == 429
        clock.advance(1)
    assert waits == [1, 2, 4, 8, 15, 15, 15]
    assert "Try again in 15 minutes" in attempt(client, user.email).text


def test_there_is_no_lockout_and_signing_in_starts_the_count_again(client, make_staff, clock):
    user = make_staff("viewer")
    fail(client, user.email, 20)  # most refused while waiting: they do not add to the wait
    clock.advance(throttle.MAX_DELAY_SECONDS)
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")

    assert fail(client, user.email, 5) == [400] * 5
    assert attempt(client, user.email).status_code == 429


def _comparable(html: str, email: str) -> str:
    html = html.replace(email, "EMAIL")
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"|value="[^"]+"[^>]*csrf', "", html)


def test_an_address_with_no_account_gets_the_same_pages_as_a_real_one(
    client, app, make_staff, clock
):
    user = make_staff("viewer")
    real, unknown = [], []
    for email, seen in ((user.email, real), (NOBODY, unknown)):
        for _ in range(8):
            response = attempt(client, email)
            seen.append((response.status_code, _comparable(response.text, email)))
            clock.advance(60)
    assert [status for status, _page in real] == [400] * 5 + [429] * 3
    assert real == unknown


def _emails_to(session, address: str) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def _throttled_events(session) -> list[AuditEvent]:
    session.expire_all()
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.action == "staff.sign_in_throttled"))
    )


def test_the_account_holder_is_told_once_for_each_run_of_waits(client, session, make_staff, clock):
    user = make_staff("viewer")
    fail(client, user.email, 5)
    assert _emails_to(session, user.email) == []
    for _ in range(4):
        attempt(client, user.email)
        clock.advance(throttle.MAX_DELAY_SECONDS)
    (email,) = _emails_to(session, user.email)
    assert "Someone has been trying to sign in" in email.subject
    assert "6 attempts in a row" in email.body_text
    # The clock says 15 January 2027, 08:00 UTC: 08:00 in London in winter.
    assert "15 January 2027, 08:00" in email.body_text
    assert "If this was not you, tell your administrator." in email.body_text
    (event,) = _throttled_events(session)
    assert event.object_ref == user.email

    # Signed in, then a new run of failures: told again.
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
    post_form(client, "/staff/sign-out", {}, form_url="/inbox/")
    fail(client, user.email, 6)
    assert len(_emails_to(session, user.email)) == 2
    assert len(_throttled_events(session)) == 2


def test_nobody_is_emailed_about_an_address_with_no_account(client, session, clock):
    fail(client, NOBODY, 7)
    session.expire_all()
    assert session.scalars(select(OutboxMessage)).all() == []
    (event,) = _throttled_events(session)
    assert event.object_ref is None


def test_the_email_is_in_welsh_when_the_attempts_were(client, session, make_staff, clock):
    user = make_staff("viewer")
    client.get("/language/cy?next=/staff/sign-in")
    fail(client, user.email, 6)
    (email,) = _emails_to(session, user.email)
    assert email.locale == "cy"


def test_one_address_failing_against_many_accounts_is_stopped_by_the_address_limit(
    app, client, make_staff
):
    app.config["SIGN_IN_RATE_LIMIT"] = "5 per minute"
    try:
        statuses = [
            attempt(client, f"guess{n}@elmsworth.gov.example").status_code for n in range(6)
        ]
        assert statuses == [400] * 5 + [429]
        assert "You have tried too many times" in attempt(client, NOBODY).text
        # Someone elsewhere is not held up by it.
        assert attempt(client, NOBODY, address="192.0.2.44").status_code == 400
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()


def test_staff_signing_in_from_one_office_do_not_use_up_its_limit(app, make_staff):
    """Only failures count against an address, so a busy office behind one
    address is not shut out by its own successful sign-ins."""
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        users = [make_staff("viewer", f"officer{n}@elmsworth.gov.example") for n in range(6)]
        for user in users:
            assert attempt(app.test_client(), user.email, TEST_PASSWORD).status_code == 302
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()


def test_many_addresses_failing_against_one_account_are_stopped_by_the_account_limit(
    app, client, make_staff, clock
):
    user = make_staff("viewer")
    app.config["SIGN_IN_RATE_LIMIT"] = "2 per minute"
    try:
        statuses = [
            attempt(client, user.email, address=f"203.0.113.{n}").status_code for n in range(7)
        ]
        assert statuses == [400] * 5 + [429, 429]
        fresh = attempt(client, user.email, TEST_PASSWORD, address="198.51.100.1")
        assert fresh.status_code == 429
        assert "Too many attempts to sign in. Try again" in fresh.text
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "10000 per minute"
        limiter.reset()


# Shared by every process when REDIS_URL is set ------------------------------

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"no Redis on 127.0.0.1:6379 to share counts through ({exc})")
    # Each create_app hands the one Limiter its own storage; give the suite's back.
    before = (limiter._storage, limiter._limiter)
    yield connection
    limiter._storage, limiter._limiter = before
    connection.flushdb()
    connection.close()


def test_two_processes_with_one_redis_share_the_count(app, make_staff, redis_db, clock):
    user = make_staff("viewer")
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
    }
    first, second = create_app("test", settings), create_app("test", settings)
    try:
        assert fail(first.test_client(), user.email, 5) == [400] * 5
        assert attempt(second.test_client(), user.email).status_code == 429
        refused = attempt(first.test_client(), user.email, TEST_PASSWORD)
        assert refused.status_code == 429
        assert redis_db.keys("LIMITS:signin/*")
        clock.advance(60)
        assert attempt(second.test_client(), user.email, TEST_PASSWORD).status_code == 302
    finally:
        for portal in (first, second):
            with portal.app_context():
                db.session.remove()
                db.engine.dispose()
