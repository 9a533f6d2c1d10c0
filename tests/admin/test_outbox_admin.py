"""Administrators see the emails that could not be sent and can send them again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update

from app.core.db import utcnow
from app.core.outbox import queue_email
from app.core.outbox.models import OutboxMessage
from app.core.outbox.services import STALE_ERROR, send_due
from tests.conftest import post_form


class DownThenUpBackend:
    def __init__(self) -> None:
        self.sent: list[int] = []
        self.down = True

    def send(self, message):
        if self.down:
            raise TimeoutError("the mail server did not answer")
        self.sent.append(message.id)
        return None


@pytest.fixture
def backend(app, monkeypatch):
    fake = DownThenUpBackend()
    monkeypatch.setitem(app.extensions, "outbox", fake)
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_COMMIT", False)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    return fake


def _fail_for_good(session, to: str) -> int:
    """Queue a message and let every attempt fail."""
    message = queue_email(
        session,
        to=to,
        subject="We have your challenge",
        body="Thanks\n",
        reference="RTC-2026-4F7K2M",
    )
    session.commit()
    for _attempt in range(3):
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
        send_due()
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == "failed"
    return message.id


@pytest.mark.parametrize("role", ["viewer", "commissioner"])
def test_only_administrators_see_the_outbox(app, client, sign_in, session, backend, role):
    message_id = _fail_for_good(session, "group@example.org")
    sign_in(role)
    assert client.get("/admin/outbox").status_code == 403
    # A valid form token (from a page they can see): the role, not CSRF, refuses them.
    response = post_form(client, f"/admin/outbox/{message_id}/retry", {}, form_url="/inbox/")
    assert response.status_code == 403
    session.expire_all()
    assert session.get(OutboxMessage, message_id).status == "failed"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/outbox")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_a_failed_email_is_listed_and_an_administrator_can_send_it_again(
    app, client, sign_in, session, backend
):
    message_id = _fail_for_good(session, "group@example.org")
    queue_email(session, to="waiting@example.org", subject="Waiting", body="Hi\n")
    session.commit()
    sign_in("administrator")

    page = BeautifulSoup(client.get("/admin/outbox").text, "html.parser")
    assert page.find(id="outbox-count-failed").text == "1"
    assert page.find(id="outbox-count-pending").text == "1"
    row = page.find("td", string="group@example.org").parent
    assert "RTC-2026-4F7K2M" in row.text
    assert "the mail server did not answer" in row.text
    assert "waiting@example.org" not in page.text  # only failed emails are listed
    form = row.find("form")
    assert form["action"] == f"/admin/outbox/{message_id}/retry"

    backend.down = False
    response = post_form(client, form["action"], {}, form_url="/admin/outbox")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/outbox")
    assert send_due() == {"sent": 2}
    assert sorted(backend.sent)[0] == message_id

    page = client.get("/admin/outbox").text
    assert "The email to group@example.org will be sent again." in page
    assert "There are no failed emails." in page
    session.expire_all()
    assert session.get(OutboxMessage, message_id).status == "sent"


def test_retrying_sends_at_once_when_the_portal_sends_after_commit(
    app, client, sign_in, session, backend
):
    message_id = _fail_for_good(session, "group@example.org")
    sign_in("administrator")
    backend.down = False
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    post_form(client, f"/admin/outbox/{message_id}/retry", {}, form_url="/admin/outbox")
    assert backend.sent == [message_id]


def test_retrying_an_email_that_is_no_longer_failed_changes_nothing(
    app, client, sign_in, session, backend
):
    message_id = _fail_for_good(session, "group@example.org")
    sign_in("administrator")
    backend.down = False
    post_form(client, f"/admin/outbox/{message_id}/retry", {}, form_url="/admin/outbox")
    response = post_form(
        client,
        f"/admin/outbox/{message_id}/retry",
        {},
        form_url="/admin/outbox",
        follow_redirects=True,
    )
    assert "That email is no longer waiting for a retry." in response.text
    assert (
        post_form(client, "/admin/outbox/999999/retry", {}, form_url="/admin/outbox").status_code
        == 404
    )


def test_retry_needs_the_form_token(client, sign_in, session, backend):
    message_id = _fail_for_good(session, "group@example.org")
    sign_in("administrator")
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 400
    session.expire_all()
    assert session.get(OutboxMessage, message_id).status == "failed"


def test_an_email_whose_worker_stopped_says_to_check_before_retrying(
    client, sign_in, session, backend
):
    message = queue_email(session, to="maybe@example.org", subject="Hello", body="Hi\n")
    session.flush()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status="failed", last_error=STALE_ERROR, attempts=1)
    )
    session.commit()
    sign_in("administrator")
    page = client.get("/admin/outbox").text
    assert "Check with the recipient before you send it again." in page
