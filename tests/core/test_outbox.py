"""The email outbox: saved with the change that causes it, sent once, retried
with backoff, and never lost when mail is down."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import uuid
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import requests
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import create_app
from app.config import ConfigurationError
from app.core.db import db, utcnow
from app.core.outbox import queue_email, render_email
from app.core.outbox.backends import (
    FileBackend,
    NotifyBackend,
    PermanentSendError,
    SMTPBackend,
    get_backend,
)
from app.core.outbox.models import OutboxMessage
from app.core.outbox.services import (
    STALE_ERROR,
    claim,
    deliver,
    fail_stale,
    retry,
    send_due,
)
from app.core.outbox.worker import _sweep
from app.inbox.kinds import KINDS
from app.inbox.models import InboxItem
from app.inbox.services import file_submission

WELSH_BODY = "Diolch am eich ymateb. Byddwn yn ateb o fewn pum diwrnod gwaith: ŵ ŷ.\n"


class RecordingBackend:
    """Stands in for a mail provider: records what it sends, or is down."""

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.down = False
        self.lock = threading.Lock()

    def send(self, message):
        if self.down:
            raise ConnectionRefusedError("mail server unreachable")
        with self.lock:
            self.sent.append(message.id)
        return f"provider-{message.id}"


@pytest.fixture
def backend(app, monkeypatch, tmp_path):
    fake = RecordingBackend()
    monkeypatch.setitem(app.extensions, "outbox", fake)
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_COMMIT", False)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 6)
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path / "mail"))
    return fake


def _queue(session, **overrides) -> int:
    fields = {
        "to": "resident@example.org",
        "subject": "We have your response",
        "body": "Your reference is CON-2026-7K3QX9.\n",
        "reference": "CON-2026-7K3QX9",
    }
    fields.update(overrides)
    message = queue_email(session, **fields)
    session.commit()
    return message.id


def _row(session, message_id) -> OutboxMessage:
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def _make_due(session, message_id) -> None:
    """The fake clock: the backoff has passed."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()


# --- the transaction -------------------------------------------------------


def test_a_message_queued_in_a_rolled_back_transaction_is_never_sent(app, session, backend):
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    queue_email(session, to="resident@example.org", subject="Hello", body="Hi\n")
    session.rollback()

    assert session.scalars(select(OutboxMessage)).all() == []
    assert send_due() == {}
    # A later, unrelated commit must not send the forgotten message either.
    _queue(session, to="other@example.org")
    assert len(backend.sent) == 1
    assert _row(session, backend.sent[0]).to_address == "other@example.org"


def test_the_portal_sends_only_after_commit_when_told_to(app, session, backend):
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    message = queue_email(session, to="resident@example.org", subject="Hello", body="Hi\n")
    assert backend.sent == []  # flushed, not committed: nothing goes yet
    session.commit()
    assert backend.sent == [message.id]
    assert _row(session, message.id).status == "sent"


def test_without_send_after_commit_the_worker_sends(app, session, backend):
    message_id = _queue(session)
    assert backend.sent == []
    assert send_due() == {"sent": 1}
    assert backend.sent == [message_id]


# --- mail down, backoff, exactly once ----------------------------------------


def test_a_submission_is_saved_when_mail_is_down_and_its_email_sent_once_mail_is_back(
    app, session, backend
):
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    backend.down = True
    item = file_submission(session, kind=next(iter(KINDS)), subject="Home care")
    message = queue_email(
        session,
        to="a@example.org",
        subject="We have your response",
        body="Thanks\n",
        reference=item.reference,
    )
    session.commit()  # the after-commit send fails; the commit must not

    assert session.scalar(select(InboxItem.reference)) == item.reference
    row = _row(session, message.id)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "mail server unreachable" in row.last_error
    wait = row.next_attempt_at - row.claimed_at
    assert timedelta(seconds=59) <= wait <= timedelta(seconds=61)

    assert send_due() == {}  # not due yet: the backoff holds
    _make_due(session, message.id)
    assert send_due() == {"pending": 1}
    row = _row(session, message.id)
    assert row.attempts == 2
    assert timedelta(minutes=4) < row.next_attempt_at - utcnow() <= timedelta(minutes=5)

    backend.down = False
    _make_due(session, message.id)
    assert send_due() == {"sent": 1}
    assert send_due() == {}
    assert backend.sent == [message.id]
    row = _row(session, message.id)
    assert (row.status, row.provider_message_id) == ("sent", f"provider-{message.id}")
    assert row.sent_at is not None


def test_backoff_grows_then_the_message_fails_keeping_the_last_error(session, backend):
    backend.down = True
    message_id = _queue(session)
    waits = []
    for _attempt in range(6):
        _make_due(session, message_id)
        send_due()
        row = _row(session, message_id)
        waits.append(round((row.next_attempt_at - row.claimed_at).total_seconds() / 60))
    assert waits[:5] == [1, 5, 30, 120, 720]
    assert (row.status, row.attempts) == ("failed", 6)
    assert "mail server unreachable" in row.last_error
    _make_due(session, message_id)
    assert send_due() == {}  # failed is final until an administrator retries
    assert backend.sent == []


def test_a_permanent_refusal_fails_at_once(session, backend):
    message_id = _queue(session)

    class Refusing:
        def send(self, message):
            raise PermanentSendError("no such mailbox")

    assert send_due(backend=Refusing()) == {"failed": 1}
    assert _row(session, message_id).attempts == 1


def test_retry_makes_a_failed_message_due_again(session, backend):
    backend.down = True
    message_id = _queue(session)
    session.execute(update(OutboxMessage).values(status="failed", attempts=6))
    session.commit()

    assert retry(session, message_id)
    session.commit()
    row = _row(session, message_id)
    assert (row.status, row.attempts) == ("pending", 0)
    assert not retry(session, message_id)  # only failed messages can be retried
    session.rollback()

    backend.down = False
    assert send_due() == {"sent": 1}
    assert backend.sent == [message_id]


# --- two workers --------------------------------------------------------------


def test_only_one_of_two_claims_wins(app, session, backend):
    message_id = _queue(session)
    with Session(db.engine) as first, Session(db.engine) as second:
        assert claim(first, message_id, "worker-a")
        assert not claim(second, message_id, "worker-b")
    row = _row(session, message_id)
    assert (row.status, row.claimed_by, row.attempts) == ("sending", "worker-a", 1)
    assert send_due() == {}
    assert backend.sent == []


def test_workers_racing_in_threads_send_a_message_once(app, session, backend):
    message_ids = [_queue(session, to=f"r{n}@example.org") for n in range(3)]
    racers = 6
    start = threading.Barrier(racers)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def race():
        try:
            with app.app_context():
                start.wait()
                for message_id in message_ids:
                    outcomes.append(deliver(message_id))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert sorted(backend.sent) == sorted(message_ids)
    assert outcomes.count("sent") == len(message_ids)
    assert outcomes.count("skipped") == len(message_ids) * (racers - 1)


def test_a_message_left_sending_by_a_dead_worker_is_failed_not_resent(session, backend):
    stuck, recent = _queue(session), _queue(session, to="b@example.org")
    with Session(db.engine) as other:
        assert claim(other, stuck, "dead-worker")
        assert claim(other, recent, "busy-worker")
    for message_id, minutes in ((stuck, 16), (recent, 10)):
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(claimed_at=utcnow() - timedelta(minutes=minutes))
        )
    session.commit()

    assert send_due() == {}
    assert backend.sent == []
    row = _row(session, stuck)
    assert (row.status, row.last_error) == ("failed", STALE_ERROR)
    assert _row(session, recent).status == "sending"
    assert fail_stale(session) == 0


# --- the worker command ----------------------------------------------------------


def test_worker_once_sends_what_is_due(app, session, backend):
    message_id = _queue(session)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent: 1" in result.output
    assert backend.sent == [message_id]


# --- backends --------------------------------------------------------------------


def _message(session, **overrides) -> OutboxMessage:
    fields = {
        "to": "preswylydd@example.org",
        "subject": "Rydym wedi cael eich ymateb – ŵ ŷ",
        "body": WELSH_BODY,
        "locale": "cy",
        "reference": "CON-2026-7K3QX9",
    }
    fields.update(overrides)
    message = queue_email(session, **fields)
    session.commit()
    return message


def test_file_backend_writes_a_readable_utf8_eml(app, session, tmp_path):
    message = _message(session)
    folder = tmp_path / "mail"
    name = FileBackend(folder, "Elmsworth <commissioning@elmsworth.gov.example>").send(message)

    raw = (folder / name).read_bytes()
    assert "ŵ ŷ" in raw.decode("utf-8")  # readable as it stands in an editor
    email = message_from_bytes(raw, policy=default_policy)
    assert email["To"] == "preswylydd@example.org"
    assert email["Subject"] == "Rydym wedi cael eich ymateb – ŵ ŷ"
    assert email["Message-ID"] == f"<outbox-{message.id}@elmsworth.gov.example>"
    assert email["Content-Language"] == "cy"
    assert email.get_content_type() == "text/plain"
    assert email.get_content_charset() == "utf-8"
    assert email.get_content() == WELSH_BODY


def test_file_backend_is_the_default_and_writes_under_instance(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FOLDER", "")
    chosen = get_backend(app)
    assert isinstance(chosen, FileBackend)
    assert str(chosen.folder) == os.path.join(app.instance_path, "mail")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"MAIL_BACKEND": "carrier-pigeon"}, "MAIL_BACKEND must be one of file, smtp, notify"),
        ({"MAIL_BACKEND": "notify", "NOTIFY_API_KEY": ""}, "NOTIFY_API_KEY"),
    ],
)
def test_a_bad_mail_backend_stops_the_portal_starting(overrides, problem):
    with pytest.raises(ConfigurationError, match=problem):
        create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://", **overrides})


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Handler:
        def __init__(self) -> None:
            self.envelopes = []

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("nobody@"):
                return "550 5.1.1 No such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append((session.authenticated, envelope))
            return "250 Message accepted"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"portal", b"s3cret-password")
        return AuthResult(success=ok)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,  # a test server on loopback; production uses STARTTLS
    )
    controller.start()
    yield handler, port
    controller.stop()


def _smtp_config(port: int, **extra) -> dict:
    return {
        "MAIL_SMTP_HOST": "127.0.0.1",
        "MAIL_SMTP_PORT": port,
        "MAIL_SMTP_USERNAME": "portal",
        "MAIL_SMTP_PASSWORD": "s3cret-password",
        "MAIL_SMTP_STARTTLS": False,
        **extra,
    }


def test_smtp_backend_hands_the_message_to_the_mail_server(app, session, smtp_server):
    handler, port = smtp_server
    message = _message(session)
    smtp = SMTPBackend(_smtp_config(port), "Elmsworth <no-reply@elmsworth.gov.example>")

    assert send_due(backend=smtp) == {"sent": 1}

    [(authenticated, envelope)] = handler.envelopes
    assert authenticated
    assert envelope.mail_from == "no-reply@elmsworth.gov.example"
    assert envelope.rcpt_tos == ["preswylydd@example.org"]
    email = message_from_bytes(envelope.original_content, policy=default_policy)
    assert email["Subject"] == "Rydym wedi cael eich ymateb – ŵ ŷ"
    assert email.get_content().replace("\r\n", "\n") == WELSH_BODY  # SMTP lines end CRLF
    row = _row(session, message.id)
    assert row.provider_message_id == f"<outbox-{message.id}@elmsworth.gov.example>"


def test_smtp_refusing_the_address_fails_at_once_and_a_dead_server_is_retried(
    app, session, smtp_server
):
    handler, port = smtp_server
    refused = _message(session, to="nobody@example.org")
    smtp = SMTPBackend(_smtp_config(port), "no-reply@elmsworth.gov.example")
    assert send_due(backend=smtp) == {"failed": 1}
    assert "refused the address" in _row(session, refused.id).last_error

    later = _message(session)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    nowhere = SMTPBackend(_smtp_config(closed_port), "no-reply@elmsworth.gov.example")
    assert send_due(backend=nowhere) == {"pending": 1}
    assert handler.envelopes == []
    assert _row(session, later.id).attempts == 1


NOTIFY_KEY = f"portal_test-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_TEMPLATE = str(uuid.uuid4())


def _notify(status: int, payload: dict, calls: list):
    """Replaces the HTTP call inside the Notify client, nothing above it."""

    def request(method, url, **kwargs):
        calls.append((method, url, kwargs))
        response = requests.Response()
        response.status_code = status
        response.reason = "Stub"
        response.url = url
        response._content = json.dumps(payload).encode()
        return response

    return request


@pytest.fixture
def notify(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_API_KEY", NOTIFY_KEY)
    monkeypatch.setitem(app.config, "NOTIFY_TEMPLATE_ID", NOTIFY_TEMPLATE)
    return NotifyBackend(app.config)


def test_notify_backend_sends_through_the_generic_template(session, notify):
    calls: list = []
    notify.client.request_session.request = _notify(201, {"id": "notify-123"}, calls)
    message = _message(session)

    assert send_due(backend=notify) == {"sent": 1}

    [(method, url, kwargs)] = calls
    assert (method, url) == (
        "POST",
        "https://api.notifications.service.gov.uk/v2/notifications/email",
    )
    assert kwargs["headers"]["Authorization"].startswith("Bearer ")
    assert json.loads(kwargs["data"]) == {
        "email_address": "preswylydd@example.org",
        "template_id": NOTIFY_TEMPLATE,
        "personalisation": {"subject": "Rydym wedi cael eich ymateb – ŵ ŷ", "body": WELSH_BODY},
        "reference": f"outbox-{message.id}",
    }
    assert _row(session, message.id).provider_message_id == "notify-123"


@pytest.mark.parametrize(("status", "outcome"), [(400, "failed"), (500, "pending")])
def test_notify_errors_fail_or_retry(session, notify, status, outcome):
    notify.client.request_session.request = _notify(
        status, {"errors": [{"error": "BadRequestError", "message": "Not a valid email"}]}, []
    )
    message = _message(session)
    assert send_due(backend=notify) == {outcome: 1}
    assert str(status) in _row(session, message.id).last_error


# --- bilingual rendering ------------------------------------------------------------

ACKNOWLEDGEMENT = """{% extends "outbox/base.txt" %}
{% block subject %}{{ _("Reference") }} {{ reference }}{% endblock %}
{% block content %}
{{ _("Reference") }}: {{ reference }}
{{ organisation }}
{{ closes | ukdate }}
{% endblock %}
"""


def test_render_email_writes_welsh_for_a_welsh_reader(app, monkeypatch):
    from datetime import date

    monkeypatch.setattr(
        app.jinja_env,
        "loader",
        ChoiceLoader([DictLoader({"tests/ack.txt": ACKNOWLEDGEMENT}), app.jinja_env.loader]),
    )
    context = {
        "reference": "CON-2026-7K3QX9",
        "organisation": "Smith & Jones <Ltd>",
        "closes": date(2027, 3, 5),
    }
    with app.app_context():
        subject, body = render_email("tests/ack.txt", "cy", **context)
        english_subject, english_body = render_email("tests/ack.txt", "en", **context)

    assert subject == "Cyfeirnod CON-2026-7K3QX9"
    assert body.startswith("Cyfeirnod: CON-2026-7K3QX9\nSmith & Jones <Ltd>\n5 Mawrth 2027\n")
    assert "Cyngor Bwrdeistref Elmsworth" in body
    assert body.endswith("\n")
    assert not body.endswith("\n\n")
    assert english_subject == "Reference CON-2026-7K3QX9"
    assert "5 March 2027" in english_body
    assert "Elmsworth Borough Council" in english_body


# --- RQ on Redis ---------------------------------------------------------------------

REDIS_URL = os.environ.get("OUTBOX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def rq_queue(app, backend, monkeypatch):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    name = f"outbox-test-{uuid.uuid4().hex}"  # private to this test and this xdist worker
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "MAIL_QUEUE", name)
    queue = Queue(name, connection=connection)
    # RQ's worker installs its own signal handlers; give pytest its own back.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield queue
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    queue.delete(delete_jobs=True)
    connection.close()


def _burst(queue) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_with_redis_the_message_is_enqueued_after_commit_and_sent_once(
    app, session, backend, rq_queue
):
    queue_email(session, to="gone@example.org", subject="Never", body="Never\n")
    session.rollback()
    assert rq_queue.count == 0

    message = queue_email(session, to="a@example.org", subject="Hello", body="Hi\n")
    session.flush()
    assert rq_queue.count == 0  # not before commit
    session.commit()
    assert rq_queue.count == 1
    assert backend.sent == []

    _burst(rq_queue)
    _burst(rq_queue)
    assert backend.sent == [message.id]
    assert _row(session, message.id).status == "sent"


def test_with_redis_the_sweep_enqueues_what_a_lost_job_left_behind(app, session, backend, rq_queue):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # Redis down at commit time
    message_id = _queue(session)
    assert _row(session, message_id).status == "pending"

    app.config["REDIS_URL"] = REDIS_URL
    # The long-running worker's sweep thread, for one pass (the event is already set).
    stopping = threading.Event()
    stopping.set()
    _sweep(app, rq_queue, 5, stopping)
    assert rq_queue.count == 1
    _sweep(app, rq_queue, 5, stopping)
    assert rq_queue.count == 1  # a job already waiting is not queued twice

    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert backend.sent == [message_id]
    assert rq_queue.count == 0
