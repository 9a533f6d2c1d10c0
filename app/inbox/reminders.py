"""The daily reminders: each member of staff's digest of the items they
hold that are due today or overdue, and the team lead's list of everything
past its due date. Statutory dates (Right to Challenge, subject access) come
first in both.

The worker sends them once a London day, like the retention run, whichever
worker looks first; `flask --app wsgi inbox-reminders` sends them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.core.london_time import london_today
from app.core.outbox import queue_email, render_email
from app.inbox.kinds import FINISHED_STATUSES, KINDS, STATUTORY_KINDS
from app.inbox.models import InboxItem, InboxReminderRun
from app.inbox.services import item_link
from app.inbox.settings import team_lead

IS_STILL_OPEN = InboxItem.status.not_in(sorted(FINISHED_STATUSES))
# Statutory dates first, then the oldest due date.
WORK_ORDER = (
    case((InboxItem.kind.in_(sorted(STATUTORY_KINDS)), 0), else_=1),
    InboxItem.due_on,
    InboxItem.id,
)


@dataclass
class Line:
    """One item in a reminder, as the email shows it."""

    reference: str
    subject: str
    kind: object
    due_on: date
    overdue: bool
    statutory: bool
    assignee: str | None
    link: str


def _line(item: InboxItem, today: date) -> Line:
    return Line(
        reference=item.reference,
        subject=item.subject,
        kind=KINDS[item.kind].label if item.kind in KINDS else item.kind,
        due_on=item.due_on,
        overdue=item.due_on < today,
        statutory=item.kind in STATUTORY_KINDS,
        assignee=item.assignee.name if item.assignee else None,
        link=item_link(item),
    )


def due_items(session: Session, today: date) -> list[InboxItem]:
    """Every open item due today or before, in the order work is done."""
    return list(
        session.scalars(
            select(InboxItem).where(IS_STILL_OPEN, InboxItem.due_on <= today).order_by(*WORK_ORDER)
        )
    )


def send_reminders(session: Session, today: date) -> tuple[int, int]:
    """Queue the day's digests and escalation in the caller's transaction.

    Returns (digests, escalations): how many emails were queued."""
    items = due_items(session, today)
    by_person: dict[int, list[InboxItem]] = {}
    for item in items:
        if item.assignee is not None and item.assignee.is_active_account:
            by_person.setdefault(item.assignee_id, []).append(item)
    digests = 0
    for held in by_person.values():
        person: StaffUser = held[0].assignee
        _send(
            session,
            "inbox/email/digest.txt",
            person,
            [_line(item, today) for item in held],
            today,
        )
        digests += 1
    overdue = [item for item in items if item.due_on < today]
    lead = team_lead(session)
    escalations = 0
    if overdue and lead is not None:
        _send(
            session,
            "inbox/email/escalation.txt",
            lead,
            [_line(item, today) for item in overdue],
            today,
        )
        escalations = 1
    return digests, escalations


def _send(session, template: str, person: StaffUser, lines: list[Line], today: date) -> None:
    subject, body = render_email(
        template,
        person.locale,
        name=person.name,
        lines=lines,
        today=today,
        inbox_link=current_app.url_for("inbox.index", _external=True),
    )
    queue_email(session, to=person.email, subject=subject, body=body, locale=person.locale)


def run_if_due(session: Session, now: datetime | None = None) -> InboxReminderRun | None:
    """The worker's daily run: once per London day, whichever worker gets there.

    The day's row is written in the same transaction as the emails, and its
    day is unique, so two workers racing cannot both send."""
    today = london_today(now)
    if session.scalar(select(InboxReminderRun.id).where(InboxReminderRun.as_of == today)):
        return None
    run = InboxReminderRun(as_of=today)
    session.add(run)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    run.digests, run.escalations = send_reminders(session, today)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return run


@click.command("inbox-reminders")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Send the reminders as if it were this day (YYYY-MM-DD). Default: today.",
)
@with_appcontext
def reminders_command(as_of: datetime | None) -> None:
    """Email each member of staff their items due today and overdue, and the
    team lead every overdue item. Sends again even if the worker already has."""
    from app.core.db import db
    from app.core.offline import offline_request_context

    today = as_of.date() if as_of else london_today()
    with offline_request_context():
        digests, escalations = send_reminders(db.session, today)
        db.session.commit()
    click.echo(f"Reminders for {today}: {digests} digests, {escalations} escalations")


def register_daily(app) -> None:
    from app.core.outbox.worker import register_daily_task

    register_daily_task(_worker_run)
    app.cli.add_command(reminders_command)


def _worker_run(session: Session) -> str | None:
    run = run_if_due(session)
    if run is None:
        return None
    return f"Inbox reminders for {run.as_of}: {run.digests} digests, {run.escalations} escalations"
