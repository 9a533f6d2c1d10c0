"""The outbox for administrators: how many emails are in each state, the ones
that failed, and a button to send a failed one again."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.admin import bp
from app.core.db import db
from app.core.forms import PortalForm
from app.core.outbox.models import FAILED, PENDING, SENDING, SENT, OutboxMessage
from app.core.outbox.services import STALE_ERROR, failed_messages, retry, status_counts

STATUS_LABELS = {
    PENDING: _l("Waiting to be sent"),
    SENDING: _l("Being sent"),
    SENT: _l("Sent"),
    FAILED: _l("Failed"),
}


class RetryForm(PortalForm):
    """The Retry button: a POST with a CSRF token and nothing else."""


@bp.get("/outbox")
def outbox():
    return render_template(
        "admin/outbox.html",
        counts=status_counts(db.session),
        messages=failed_messages(db.session),
        retry_form=RetryForm(),
        status_labels=STATUS_LABELS,
        stale_error=STALE_ERROR,
    )


@bp.post("/outbox/<int:message_id>/retry")
def retry_outbox_message(message: OutboxMessage):
    if not RetryForm().validate_on_submit():
        abort(400)
    address = message.to_address
    if retry(db.session, message.id):
        db.session.commit()
        current_app.logger.info("Outbox message %s retried by %s", message.id, current_user.id)
        flash(_("The email to %(address)s will be sent again.", address=address), "success")
    else:
        flash(_("That email is no longer waiting for a retry."), "info")
    return redirect(url_for(".outbox"))
