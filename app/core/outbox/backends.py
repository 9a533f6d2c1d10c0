"""Where outbox messages go: a folder (development), SMTP, or GOV.UK Notify.

`MAIL_BACKEND` chooses one. A backend's `send` either returns the provider's
id for the message or raises; the outbox decides whether to try again.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from typing import Protocol

from app.config import ConfigurationError
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage

log = logging.getLogger(__name__)


class PermanentSendError(Exception):
    """The provider refused the message for good (say, a malformed address):
    trying again later would fail the same way."""


class Backend(Protocol):
    def send(self, message: OutboxMessage) -> str | None: ...


def sender_address(config) -> str:
    return config.get("MAIL_FROM") or formataddr(
        (config.get("COUNCIL_NAME", ""), config.get("COUNCIL_EMAIL", ""))
    )


def message_id_for(message_id: int, sender: str) -> str:
    """The same Message-ID for every attempt at one outbox row, so a
    duplicate, should one ever happen, is recognisable as one."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<outbox-{message_id}@{domain}>"


def build_email(message: OutboxMessage, sender: str, *, cte: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = message_id_for(message.id, sender)
    # RFC 3834: tells mail servers not to send out-of-office replies back.
    email["Auto-Submitted"] = "auto-generated"
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    if message.unsubscribe_url:
        # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the
        # URL, which needs no sign-in; a GET of it only ever shows a page.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text, charset="utf-8", cte=cte)
    for attachment in message.attachments:
        # The first attachment turns the message into multipart/mixed: the
        # text first, then each file, which mail programs list as attachments.
        _attach(email, attachment)
    # Last: set_content and add_attachment move Content-* headers set before them.
    email["Content-Language"] = message.locale
    return email


def _attach(email: EmailMessage, attachment) -> None:
    main, _, rest = attachment.content_type.partition(";")
    maintype, _, subtype = main.strip().lower().partition("/")
    params = {}
    for part in rest.split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            params[key.strip().lower()] = value.strip().strip('"')
    email.add_attachment(
        attachment.content,
        maintype=maintype,
        subtype=subtype,
        filename=attachment.filename,
        params=params,
    )


class FileBackend:
    """Writes each message to `MAIL_FOLDER` as an .eml file that any mail
    program opens, and logs a line: development needs no mail server."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, message: OutboxMessage) -> str:
        # 8bit keeps Welsh letters readable in a text editor.
        email = build_email(message, self.sender, cte="8bit")
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
        path = self.folder / f"{stamp}-outbox-{message.id}.eml"
        with path.open("xb") as handle:  # never overwrite another message
            handle.write(email.as_bytes())
        log.info(
            "Email %s to %s written to %s: %s",
            message.id,
            message.to_address,
            path,
            message.subject,
        )
        return path.name


class SMTPBackend:
    def __init__(self, config, sender: str) -> None:
        self.host = config.get("MAIL_SMTP_HOST", "localhost")
        self.port = int(config.get("MAIL_SMTP_PORT", 25))
        self.username = config.get("MAIL_SMTP_USERNAME", "")
        self.password = config.get("MAIL_SMTP_PASSWORD", "")
        self.starttls = bool(config.get("MAIL_SMTP_STARTTLS", False))
        self.sender = sender

    def send(self, message: OutboxMessage) -> str:
        email = build_email(message, self.sender, cte="quoted-printable")
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            try:
                smtp.send_message(email)
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _text in exc.recipients.values()]
                if all(500 <= code < 600 for code in codes):
                    raise PermanentSendError(f"the server refused the address: {codes}") from exc
                raise
        return email["Message-ID"]


class NotifyBackend:
    """GOV.UK Notify, through one generic template whose content is
    `((subject))` as its subject and `((body))` as its message.

    Notify cannot attach files to an email (it can only send a link to one
    uploaded to it), so attachments are left out here. Every email that
    attaches a file also links to it in its body, as the booking emails
    link to the event's .ics, so nothing is lost to the reader."""

    def __init__(self, config) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        api_key = config.get("NOTIFY_API_KEY", "")
        self.template_id = config.get("NOTIFY_TEMPLATE_ID", "")
        if not api_key or not self.template_id:
            raise ConfigurationError(
                "MAIL_BACKEND=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID"
            )
        self.client = NotificationsAPIClient(api_key, timeout=30)

    def send(self, message: OutboxMessage) -> str:
        from notifications_python_client.errors import HTTPError

        try:
            response = self.client.send_email_notification(
                email_address=message.to_address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body_text},
                reference=f"outbox-{message.id}",
            )
        except HTTPError as exc:
            # 400 means Notify will never accept this message as it stands;
            # 403, 429 and 5xx can clear up, so those are tried again.
            if exc.status_code == 400:
                raise PermanentSendError(f"Notify refused the message: {exc}") from exc
            raise
        return response["id"]


BACKENDS = ("file", "smtp", "notify")


def get_backend(app) -> Backend:
    """The backend `MAIL_BACKEND` names; anything else stops the portal
    starting, so a typo never leaves mail piling up unsent."""
    config = app.config
    name = str(config.get("MAIL_BACKEND", "file") or "file").strip().lower()
    sender = sender_address(config)
    if name == "file":
        folder = config.get("MAIL_FOLDER") or Path(app.instance_path) / "mail"
        return FileBackend(Path(folder), sender)
    if name == "smtp":
        return SMTPBackend(config, sender)
    if name == "notify":
        return NotifyBackend(config)
    raise ConfigurationError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
