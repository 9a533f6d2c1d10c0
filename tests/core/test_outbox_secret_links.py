"""An email with one-use links keeps them only until it has gone: the stored
copy loses every link to the portal once sent (or given up on), the email
that arrives still works, and the admin outbox never shows such a link."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlalchemy import select, update

from app.accounts.models import Role
from app.accounts.services import invite_staff
from app.core.db import utcnow
from app.core.outbox import queue_email
from app.core.outbox.backends import FileBackend, PermanentSendError
from app.core.outbox.links import REMOVED, without_portal_links
from app.core.outbox.models import OutboxMessage
from app.core.outbox.services import STALE_AFTER, retry, send_due
from tests.conftest import post_form

INVITE_LINK = re.compile(r"http://localhost/staff/invite/([A-Za-z0-9_-]+)")
SECRET = "http://localhost/staff/invite/s3cr3t-t0ken-abcdef"


@pytest.fixture
def mail_folder(app, monkeypatch, tmp_path):
    folder = tmp_path / "mail"
    monkeypatch.setitem(app.extensions, "outbox", FileBackend(folder, "portal@example.org"))
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_COMMIT", False)
    return folder


class RefusingBackend:
    def send(self, message):
        raise PermanentSendError("no such mailbox")


def _invite(app, session, make_staff) -> OutboxMessage:
    admin = make_staff("administrator")
    with app.test_request_context():
        invite_staff(
            session,
            email="rhian@elmsworth.gov.example",
            name="Rhian Evans",
            role=Role.COMMISSIONER,
            areas=[],
            invited_by=admin,
            locale="en",
        )
    session.commit()
    return session.scalars(select(OutboxMessage)).one()


def _delivered(folder) -> str:
    (path,) = folder.glob("*.eml")
    return message_from_bytes(path.read_bytes(), policy=default_policy).get_content()


def test_a_sent_invitation_keeps_no_token_but_the_delivered_link_works(
    app, client, session, make_staff, mail_folder
):
    queued = _invite(app, session, make_staff)
    assert queued.secret_links is True
    token = INVITE_LINK.search(queued.body_text).group(1)

    assert send_due() == {"sent": 1}

    session.expire_all()
    row = session.get(OutboxMessage, queued.id)
    assert row.status == "sent"
    assert token not in row.body_text
    assert "/staff/invite/" not in row.body_text
    assert REMOVED in row.body_text
    assert row.links_removed_at is not None
    # The rest of the email is still there for anyone checking what was sent.
    assert "Hello Rhian Evans," in row.body_text

    delivered = _delivered(mail_folder)
    assert INVITE_LINK.search(delivered).group(1) == token
    page = client.get(f"/staff/invite/{token}")
    assert page.status_code == 200
    assert "Set your password" in page.text


def test_an_email_without_secret_links_keeps_its_links(session, mail_folder):
    message = queue_email(
        session, to="resident@example.org", subject="Plans", body="See http://localhost/plans/\n"
    )
    session.commit()
    send_due()
    session.expire_all()
    row = session.get(OutboxMessage, message.id)
    assert row.status == "sent"
    assert row.body_text == "See http://localhost/plans/\n"
    assert row.links_removed_at is None


def test_an_email_refused_for_good_loses_its_links_and_cannot_be_retried(app, session, monkeypatch):
    monkeypatch.setitem(app.extensions, "outbox", RefusingBackend())
    message = queue_email(
        session, to="x@example.org", subject="Link", body=f"Open {SECRET}.\n", secret_links=True
    )
    session.commit()
    assert send_due() == {"failed": 1}
    session.expire_all()
    row = session.get(OutboxMessage, message.id)
    assert row.status == "failed"
    assert row.body_text == f"Open {REMOVED}.\n"
    # Sent again it would point nowhere: the administrator sends a new link instead.
    assert retry(session, message.id) is False


def test_an_email_left_sending_by_a_stopped_worker_loses_its_links(app, session, mail_folder):
    message = queue_email(
        session, to="x@example.org", subject="Link", body=f"{SECRET}\n", secret_links=True
    )
    plain = queue_email(session, to="y@example.org", subject="Hi", body=f"{SECRET}\n")
    session.commit()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_([message.id, plain.id]))
        .values(status="sending", claimed_at=utcnow() - STALE_AFTER - timedelta(minutes=1))
    )
    session.commit()
    send_due()
    session.expire_all()
    assert session.get(OutboxMessage, message.id).body_text == f"{REMOVED}\n"
    assert session.get(OutboxMessage, message.id).status == "failed"
    assert session.get(OutboxMessage, plain.id).body_text == f"{SECRET}\n"


def test_the_admin_outbox_never_shows_a_secret_link(app, client, session, sign_in, monkeypatch):
    sign_in("administrator")
    # Failed before its links could be removed (say, by an older portal).
    queue_email(
        session,
        to="x@example.org",
        subject=f"Your link {SECRET}",
        body=f"{SECRET}\n",
        secret_links=True,
    )
    queue_email(
        session, to="y@example.org", subject=f"Waiting {SECRET}2", body="", secret_links=True
    )
    session.commit()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.to_address == "x@example.org")
        .values(status="failed", last_error=f"refused {SECRET}")
    )
    session.commit()
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    assert "x@example.org" in page.text
    assert "s3cr3t-t0ken" not in page.text
    assert f"Your link {REMOVED}" in page.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Open http://localhost/staff/invite/abc.", f"Open {REMOVED}."),
        ("(http://localhost/suppliers/sign-in/abc?x=1)", f"({REMOVED})"),
        ("HTTP://LOCALHOST/a/b and http://localhost", f"{REMOVED} and {REMOVED}"),
        # Another site, or one whose name only starts like the portal's, is left alone.
        ("http://localhost.evil.example/x", "http://localhost.evil.example/x"),
        ("http://localhost:8080/x", "http://localhost:8080/x"),
        ("https://www.gov.uk/x", "https://www.gov.uk/x"),
    ],
)
def test_only_links_to_the_portal_are_removed(app_ctx, text, expected):
    assert without_portal_links(text, "http://localhost") == expected


def test_a_portal_under_a_path_loses_only_its_own_links(app_ctx):
    base = "https://council.example/portal"
    text = "https://council.example/portal/staff/invite/abc https://council.example/news"
    assert without_portal_links(text, base) == f"{REMOVED} https://council.example/news"


def test_a_supplier_sign_in_link_is_secret_and_the_registration_email_is_not(client, session, area):
    from tests.suppliers.conftest import registration

    post_form(client, "/suppliers/register", registration())
    registered = len(session.scalars(select(OutboxMessage)).all())
    assert registered >= 1
    post_form(client, "/suppliers/sign-in", {"email": "priya@northfield-larder.org.example"})
    session.expire_all()
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [message.secret_links for message in messages] == [False] * registered + [True]


def test_an_unsubscribe_header_is_delivered_and_not_kept(session, mail_folder):
    url = "http://localhost/suppliers/unsubscribe/s3cr3t"
    queue_email(
        session,
        to="a@example.org",
        subject="Alert",
        body=f"Stop: {url}\n",
        secret_links=True,
        unsubscribe_url=url,
    )
    session.commit()
    assert send_due() == {"sent": 1}
    [path] = mail_folder.iterdir()
    delivered = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert delivered["List-Unsubscribe"] == f"<{url}>"
    assert delivered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stored = session.scalar(select(OutboxMessage))
    session.refresh(stored)
    assert stored.unsubscribe_url is None
    assert "s3cr3t" not in stored.body_text
