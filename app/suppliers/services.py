"""Registering suppliers, their contacts and profile changes, and the
one-time sign-in links. Every function works in the caller's transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.models import ServiceArea
from app.core.outbox import queue_email, render_email
from app.inbox.services import file_submission
from app.suppliers.choices import CPV_DIVISIONS, LEGAL_FORMS, TURNOVER_BANDS, is_sme
from app.suppliers.identifiers import is_local
from app.suppliers.models import SignInLink, Supplier, SupplierContact

SIGN_IN_LINK_LIFETIME = timedelta(minutes=30)


def find_duplicates(
    session: Session,
    *,
    charity_number: str | None,
    company_number: str | None,
    email: str | None,
) -> set[str]:
    """Which of these identify an organisation or person already registered."""
    found: set[str] = set()
    conditions = []
    if charity_number:
        conditions.append(Supplier.charity_number == charity_number)
    if company_number:
        conditions.append(Supplier.company_number == company_number)
    if conditions:
        for supplier in session.scalars(select(Supplier).where(or_(*conditions))):
            if charity_number and supplier.charity_number == charity_number:
                found.add("charity_number")
            if company_number and supplier.company_number == company_number:
                found.add("company_number")
    if email and find_contact(session, email) is not None:
        found.add("email")
    return found


def find_contact(session: Session, email: str) -> SupplierContact | None:
    return session.scalar(
        select(SupplierContact).where(SupplierContact.email == email.strip().lower())
    )


def _apply_profile(session: Session, supplier: Supplier, profile: dict) -> None:
    data = dict(profile)
    slugs = data.pop("service_area_slugs", [])
    for name, value in data.items():
        setattr(supplier, name, value)
    supplier.service_areas = (
        list(session.scalars(select(ServiceArea).where(ServiceArea.slug.in_(slugs))))
        if slugs
        else []
    )
    supplier.is_sme = is_sme(
        supplier.staff_count, supplier.turnover_band, supplier.balance_sheet_band
    )
    supplier.is_local = is_local(supplier.postcode)
    supplier.updated_at = utcnow()


def register_supplier(
    session: Session, profile: dict, contact: dict, locale: str = "en"
) -> Supplier:
    """Save a new supplier and its first contact, and file it into the inbox
    for staff to verify. The caller has checked for duplicates; the unique
    constraints catch a race."""
    supplier = Supplier()
    _apply_profile(session, supplier, profile)
    supplier.contacts = [SupplierContact(locale=locale, **contact)]
    session.add(supplier)
    session.flush()
    item = file_submission(
        session,
        kind="supplier_registration",
        subject=supplier.name,
        # Staff limited to service areas see only items in their areas: the
        # registration goes to the first area the supplier is interested in.
        service_area=min(supplier.service_areas, key=lambda area: area.name, default=None),
        submitter_name=contact["name"],
        submitter_email=contact["email"],
        submitter_locale=locale,
        body_text=summary_text(supplier),
    )
    supplier.inbox_reference = item.reference
    subject, body = render_email(
        "suppliers/email/registered.txt",
        locale,
        name=contact["name"],
        organisation=supplier.name,
        reference=item.reference,
        sign_in_url=url_for("suppliers.sign_in", _external=True),
    )
    queue_email(
        session,
        to=contact["email"],
        subject=subject,
        body=body,
        locale=locale,
        reference=item.reference,
    )
    return supplier


def tell_existing_contact(session: Session, contact: SupplierContact, next_url: str = "") -> None:
    """Someone has tried to register an address already on the register.

    The page they see is the one a new registration gets, so the register
    cannot be used to find out whose addresses are on it; the person who
    owns the address learns of it here instead, with a way to sign in.
    Nothing the visitor typed goes into the email: it is not theirs to write to.
    """
    subject, body = render_email(
        "suppliers/email/already_registered.txt",
        contact.locale or "en",
        name=contact.name,
        organisation=contact.supplier.name,
        sign_in_url=url_for("suppliers.sign_in", next=next_url or None, _external=True),
    )
    queue_email(session, to=contact.email, subject=subject, body=body, locale=contact.locale)


def summary_text(supplier: Supplier) -> str:
    """Plain text for the inbox's full-text search; staff see the partial.
    Always English, and callable outside a request (demo data, commands)."""
    with force_locale("en"):
        return _summary_lines(supplier)


def _summary_lines(supplier: Supplier) -> str:
    lines = [
        supplier.name,
        str(LEGAL_FORMS.get(supplier.legal_form, supplier.legal_form)),
        f"Charity number: {supplier.charity_number or '-'}",
        f"Company number: {supplier.company_number or '-'}",
        f"Postcode: {supplier.postcode}",
        f"Turnover: {TURNOVER_BANDS.get(supplier.turnover_band, '')}",
        "Fields: " + ", ".join(str(CPV_DIVISIONS[c]) for c in supplier.cpv_divisions or []),
    ]
    return "\n".join(lines)


def update_profile(session: Session, supplier: Supplier, profile: dict) -> None:
    _apply_profile(session, supplier, profile)


def stop_alerts(session: Session, supplier: Supplier) -> None:
    """From the unsubscribe link in an alert email."""
    supplier.alert_frequency = "none"


def add_contact(session: Session, supplier: Supplier, contact: dict, locale: str = "en"):
    person = SupplierContact(supplier=supplier, locale=locale, **contact)
    session.add(person)
    return person


def supplier_by_reference(session: Session, reference: str) -> Supplier | None:
    return session.scalar(select(Supplier).where(Supplier.inbox_reference == reference))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def send_sign_in_link(session: Session, email: str, locale: str = "en") -> bool:
    """Email a one-time link if the address belongs to a contact. Returns
    whether one was sent; the caller must not tell the visitor."""
    contact = find_contact(session, email)
    if contact is None:
        return False
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SignInLink(
            contact_id=contact.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + SIGN_IN_LINK_LIFETIME,
        )
    )
    subject, body = render_email(
        "suppliers/email/sign_in.txt",
        locale,
        name=contact.name,
        link=url_for("suppliers.use_link", token=token, _external=True),
        minutes=int(SIGN_IN_LINK_LIFETIME.total_seconds() // 60),
    )
    queue_email(
        session, to=contact.email, subject=subject, body=body, locale=locale, secret_links=True
    )
    return True


def use_sign_in_link(
    session: Session, token: str, now: datetime | None = None
) -> SupplierContact | None:
    """The contact the link is for, if it is unused and in date; it is then
    spent. One conditional UPDATE, so two clicks at once cannot both win."""
    now = now or utcnow()
    link = session.scalar(select(SignInLink).where(SignInLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    spent = session.execute(
        update(SignInLink)
        .where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return None
    return link.contact
