"""Inviting registered VCS organisations to a wave, reminding those who have
not answered, and opting out. Every function works in the caller's
transaction; emails go through the outbox with the change that causes them.

Only hashes of the personal tokens are kept, as with supplier sign-in
links, so the table is no use to someone who reads it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.core.db import utcnow
from app.core.outbox import queue_email, render_email
from app.suppliers.models import Supplier
from app.surveys.models import OPEN, SurveyInvitation, SurveyOptOut, SurveyWave

REMINDER_WINDOW = timedelta(days=7)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_for_token(session: Session, token: str) -> SurveyInvitation | None:
    """The invitation the invitation's or the reminder's link belongs to."""
    if not token or len(token) > 100:
        return None
    hashed = token_hash(token)
    return session.scalar(
        select(SurveyInvitation).where(
            or_(
                SurveyInvitation.token_hash == hashed,
                SurveyInvitation.reminder_token_hash == hashed,
            )
        )
    )


def is_opted_out(session: Session, supplier_id: int) -> bool:
    return session.get(SurveyOptOut, supplier_id) is not None


def set_opt_out(session: Session, supplier_id: int, opted_out: bool) -> bool:
    """Stop (or restart) invitations to an organisation. Returns whether
    anything changed, so a second click changes nothing."""
    existing = session.get(SurveyOptOut, supplier_id)
    if opted_out and existing is None:
        session.add(SurveyOptOut(supplier_id=supplier_id, created_at=utcnow()))
        session.flush()
        return True
    if not opted_out and existing is not None:
        session.delete(existing)
        session.flush()
        return True
    return False


def _email_contacts(
    session: Session,
    supplier: Supplier,
    template: str,
    wave: SurveyWave,
    token: str,
) -> int:
    sent = 0
    for contact in supplier.contacts:
        locale = contact.locale or "en"
        subject, body = render_email(
            template,
            locale,
            wave=wave,
            organisation=supplier.name,
            name=contact.name,
            link=url_for("surveys.invitation", token=token, _external=True),
            opt_out_link=url_for("surveys.opt_out", token=token, _external=True),
            about_link=url_for("surveys.index", _external=True),
        )
        queue_email(
            session, to=contact.email, subject=subject, body=body, locale=locale, secret_links=True
        )
        sent += 1
    return sent


def send_invitations(session: Session, wave: SurveyWave, now: datetime | None = None) -> int:
    """Invite every registered VCS organisation not yet invited to this
    wave and not opted out, each contact in their own language. Only an
    open, confirmed wave sends anything. Returns the invitations made."""
    now = now or utcnow()
    if wave.status_at(now) != OPEN:
        return 0
    invited = select(SurveyInvitation.supplier_id).where(SurveyInvitation.wave_id == wave.id)
    opted_out = select(SurveyOptOut.supplier_id)
    suppliers = session.scalars(
        select(Supplier)
        .where(
            Supplier.is_vcse.is_(True),
            Supplier.id.not_in(invited),
            Supplier.id.not_in(opted_out),
        )
        .options(selectinload(Supplier.contacts))
        .order_by(Supplier.id)
    ).all()
    for supplier in suppliers:
        token = new_token()
        session.add(
            SurveyInvitation(
                wave_id=wave.id,
                supplier_id=supplier.id,
                token_hash=token_hash(token),
                created_at=now,
            )
        )
        _email_contacts(session, supplier, "surveys/email/invitation.txt", wave, token)
    wave.invitations_sent_at = wave.invitations_sent_at or now
    session.flush()
    return len(suppliers)


def reminders_due(wave: SurveyWave, now: datetime) -> bool:
    return (
        wave.status_at(now) == OPEN
        and wave.reminders_sent_at is None
        and wave.closes_at - REMINDER_WINDOW <= now
    )


def send_reminders(session: Session, wave: SurveyWave, now: datetime | None = None) -> int:
    """In the wave's last week, once: remind the invited organisations that
    have not sent a response (and have not opted out since). Each reminder
    carries a fresh link of its own. Returns the reminders sent."""
    now = now or utcnow()
    if not reminders_due(wave, now):
        return 0
    opted_out = select(SurveyOptOut.supplier_id)
    invitations = session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.wave_id == wave.id,
            SurveyInvitation.responded_at.is_(None),
            SurveyInvitation.reminded_at.is_(None),
            SurveyInvitation.supplier_id.not_in(opted_out),
        )
        .order_by(SurveyInvitation.id)
    ).all()
    suppliers = {
        supplier.id: supplier
        for supplier in session.scalars(
            select(Supplier)
            .where(Supplier.id.in_([i.supplier_id for i in invitations]))
            .options(selectinload(Supplier.contacts))
        )
    }
    for invitation in invitations:
        token = new_token()
        invitation.reminder_token_hash = token_hash(token)
        invitation.reminded_at = now
        _email_contacts(
            session, suppliers[invitation.supplier_id], "surveys/email/reminder.txt", wave, token
        )
    wave.reminders_sent_at = now
    session.flush()
    return len(invitations)


def run_daily(session: Session, now: datetime | None = None) -> tuple[int, int]:
    """What cron runs each day: invite any organisation not yet invited to
    an open wave (new registrations included), and send reminders when due."""
    now = now or utcnow()
    waves = session.scalars(
        select(SurveyWave).where(
            SurveyWave.confirmed.is_(True),
            SurveyWave.opens_at <= now,
            SurveyWave.closes_at > now,
        )
    ).all()
    invited = reminded = 0
    for wave in waves:
        invited += send_invitations(session, wave, now)
        reminded += send_reminders(session, wave, now)
    return invited, reminded
