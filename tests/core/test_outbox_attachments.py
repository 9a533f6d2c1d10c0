"""Files sent with outbox email: saved once with the message, attached by the
file and SMTP backends as a mail program expects, left out by Notify."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlalchemy import func, select

from app.core.outbox import Attachment, queue_email
from app.core.outbox.backends import FileBackend, SMTPBackend
from app.core.outbox.models import MAX_ATTACHMENT_BYTES, OutboxAttachment, OutboxMessage
from app.core.outbox.services import retry, send_due
from tests.core.test_outbox import (  # noqa: F401  (fixtures)
    _make_due,
    _notify,
    _row,
    _smtp_config,
    notify,
    smtp_server,
)

SENDER = "Elmsworth <commissioning@elmsworth.gov.example>"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:PUBLISH\r\n"
    b"BEGIN:VEVENT\r\nUID:event-1@elmsworth.gov.example\r\nSUMMARY:Cyfarfod \xc5\xb5\r\n"
    b"DTSTART:20260701T090000Z\r\nDTSTAMP:20260601T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
CALENDAR = Attachment("meet-the-buyer.ics", "text/calendar; charset=utf-8; method=PUBLISH", ICS)


def _queue(session, **overrides) -> OutboxMessage:
    fields = {
        "to": "ama@riverside.example",
        "subject": "Booking confirmed",
        "body": "Your place is booked.\n",
        "locale": "cy",
        "reference": "EVT-2026-7K3QX9",
        "attachments": [CALENDAR],
    }
    fields.update(overrides)
    message = queue_email(session, **fields)
    session.commit()
    return message


def _parts(raw: bytes):
    email = message_from_bytes(raw, policy=default_policy)
    return email, list(email.iter_attachments())


def _eml_files(folder):
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def test_the_file_backend_writes_the_text_then_the_file_as_an_attachment(session, tmp_path):
    message = _queue(session)
    folder = tmp_path / "mail"
    assert send_due(backend=FileBackend(folder, SENDER)) == {"sent": 1}

    [path] = _eml_files(folder)
    email, [attachment] = _parts(path.read_bytes())
    assert email.get_content_type() == "multipart/mixed"
    assert email["Content-Language"] == "cy"
    assert email["Message-ID"] == f"<outbox-{message.id}@elmsworth.gov.example>"
    assert email.get_body(("plain",)).get_content() == "Your place is booked.\n"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "meet-the-buyer.ics"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_payload(decode=True) == ICS


def test_a_message_without_attachments_stays_plain_text(session, tmp_path):
    _queue(session, attachments=[])
    folder = tmp_path / "mail"
    send_due(backend=FileBackend(folder, SENDER))
    email, attachments = _parts(_eml_files(folder)[0].read_bytes())
    assert email.get_content_type() == "text/plain"
    assert attachments == []


class FailsOnce(FileBackend):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.calls = 0

    def send(self, message):
        self.calls += 1
        if self.calls == 1:
            raise ConnectionRefusedError("mail server unreachable")
        return super().send(message)


def test_retries_attach_the_file_once(session, tmp_path):
    message = _queue(session)
    folder = tmp_path / "mail"
    backend = FailsOnce(folder, SENDER)
    assert send_due(backend=backend) == {"pending": 1}
    _make_due(session, message.id)
    assert send_due(backend=backend) == {"sent": 1}

    # An administrator's retry of a failed message sends the same single file.
    session.execute(
        OutboxMessage.__table__.update()
        .where(OutboxMessage.id == message.id)
        .values(status="failed")
    )
    assert retry(session, message.id)
    session.commit()
    assert send_due(backend=backend) == {"sent": 1}

    files = _eml_files(folder)
    assert len(files) == 2
    for path in files:
        _email, attachments = _parts(path.read_bytes())
        assert [a.get_filename() for a in attachments] == ["meet-the-buyer.ics"]
    assert session.scalar(select(func.count()).select_from(OutboxAttachment)) == 1


def test_a_rolled_back_message_leaves_no_attachment(session):
    queue_email(session, to="a@example.org", subject="Hi", body="Hi\n", attachments=[CALENDAR])
    session.rollback()
    assert session.scalar(select(func.count()).select_from(OutboxAttachment)) == 0


@pytest.mark.parametrize(
    ("attachment", "problem"),
    [
        (
            Attachment("big.bin", "application/octet-stream", b"x" * (MAX_ATTACHMENT_BYTES + 1)),
            "larger than",
        ),
        (Attachment("  ", "text/calendar", b"x"), "file name"),
        (Attachment("a.ics", "calendar", b"x"), "MIME type"),
    ],
)
def test_an_attachment_that_cannot_be_sent_is_refused_when_queued(session, attachment, problem):
    with pytest.raises(ValueError, match=problem):
        queue_email(
            session, to="a@example.org", subject="Hi", body="Hi\n", attachments=[attachment]
        )
    session.rollback()


def test_a_file_name_cannot_carry_a_folder_or_a_new_header(session, tmp_path):
    _queue(session, attachments=[Attachment("../../evil\r\nX-Bad: 1.ics", "text/plain", b"x")])
    folder = tmp_path / "mail"
    send_due(backend=FileBackend(folder, SENDER))
    email, [attachment] = _parts(_eml_files(folder)[0].read_bytes())
    assert "/" not in attachment.get_filename()
    assert email["X-Bad"] is None


def test_the_smtp_backend_sends_the_attachment(session, smtp_server):  # noqa: F811
    handler, port = smtp_server
    _queue(session)
    smtp = SMTPBackend(_smtp_config(port), "Elmsworth <no-reply@elmsworth.gov.example>")
    assert send_due(backend=smtp) == {"sent": 1}
    [(_authenticated, envelope)] = handler.envelopes
    email, [attachment] = _parts(envelope.original_content)
    assert email.get_body(("plain",)).get_content().replace("\r\n", "\n") == (
        "Your place is booked.\n"
    )
    assert attachment.get_filename() == "meet-the-buyer.ics"
    assert attachment.get_payload(decode=True) == ICS


def test_notify_sends_the_text_without_the_attachment(session, notify):  # noqa: F811
    calls: list = []
    notify.client.request_session.request = _notify(201, {"id": "notify-1"}, calls)
    message = _queue(session, body="Your place is booked.\nhttps://example.org/e.ics\n")
    assert send_due(backend=notify) == {"sent": 1}
    [(_method, _url, kwargs)] = calls
    sent = json.loads(kwargs["data"])
    # Notify cannot attach files: the body's link to the .ics stands in.
    assert sent["personalisation"]["body"].endswith("https://example.org/e.ics\n")
    assert "attachments" not in json.dumps(sent)
    assert _row(session, message.id).status == "sent"
