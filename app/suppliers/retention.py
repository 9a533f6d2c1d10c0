"""The supplier register's records: a contact person is erased on request
(their name, email and phone go from the register, from its inbox item and
from every copy, and their sign-in links with them; the organisation stays,
as it is not a person), and a whole entry is deleted 2 years after the
organisation last used the register.

Other capabilities hold rows that point at a supplier (bookings, survey
invitations): they register what to do with them before it goes, so this
module needs to know nothing of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.copies import REMOVED, Copies, scrub_copies
from app.core.erasure import Eraser, register_corrector, register_eraser
from app.core.personal_data import Needle
from app.core.retention import Due, Handler, register_handler
from app.suppliers.models import (
    SignInLink,
    Supplier,
    SupplierContact,
    supplier_service_area,
)

# name -> function(session, supplier ids, copies): lets go of, or deletes,
# the capability's rows that point at the suppliers, adding what it
# removes to `copies` so their copies are scrubbed too.
BEFORE_DELETE: dict[str, Callable[[Session, list[int], Copies], None]] = {}


def register_before_delete(
    name: str, release: Callable[[Session, list[int], Copies], None]
) -> None:
    BEFORE_DELETE[name] = release


def _identifiers(contact: SupplierContact) -> set[str]:
    return {value for value in (contact.name, contact.email, contact.phone) if value}


def anonymise_contact(session: Session, contact: SupplierContact, reason: str) -> None:
    reference = session.scalar(
        select(Supplier.inbox_reference).where(Supplier.id == contact.supplier_id)
    )
    copies = Copies()
    copies.add(reference, *_identifiers(contact))
    contact.name = REMOVED
    # Unique and never deliverable: nobody can sign in as it.
    contact.email = f"removed-{contact.id}@removed.invalid"
    contact.phone = None
    session.execute(delete(SignInLink).where(SignInLink.contact_id == contact.id))
    scrub_copies(session, copies, reason=reason)


def for_person(session: Session, needle: Needle) -> list[Due]:
    if needle.email is None:
        return []
    rows = session.execute(
        select(SupplierContact, Supplier.inbox_reference)
        .join(Supplier, Supplier.id == SupplierContact.supplier_id)
        .where(func.lower(SupplierContact.email) == needle.email)
    ).all()
    return [
        Due(
            reference or f"supplier-contact-{contact.id}",
            lambda session, reason, contact=contact: anonymise_contact(session, contact, reason),
            _identifiers(contact),
        )
        for contact, reference in rows
    ]


def correct_email(session: Session, old: str, new: str) -> int:
    contacts = list(
        session.scalars(select(SupplierContact).where(func.lower(SupplierContact.email) == old))
    )
    for contact in contacts:
        contact.email = new
    return len(contacts)


def delete_supplier(session: Session, supplier: Supplier, reason: str) -> None:
    copies = Copies()
    copies.add(supplier.inbox_reference)
    for contact in supplier.contacts:
        copies.add(None, *_identifiers(contact))
    for release in BEFORE_DELETE.values():
        release(session, [supplier.id], copies)
    contact_ids = [contact.id for contact in supplier.contacts]
    if contact_ids:
        session.execute(delete(SignInLink).where(SignInLink.contact_id.in_(contact_ids)))
    session.execute(
        delete(supplier_service_area).where(supplier_service_area.c.supplier_id == supplier.id)
    )
    session.delete(supplier)
    session.flush()
    scrub_copies(session, copies, reason=reason)


def unused_due(session: Session, before: datetime) -> list[Due]:
    """Entries nobody has changed or signed in to since before the cut-off."""
    last_sign_in = (
        select(func.max(SignInLink.used_at))
        .join(SupplierContact, SupplierContact.id == SignInLink.contact_id)
        .where(SupplierContact.supplier_id == Supplier.id)
        .scalar_subquery()
    )
    suppliers = session.scalars(
        select(Supplier)
        .where(
            Supplier.updated_at < before,
            func.coalesce(last_sign_in, Supplier.updated_at) < before,
        )
        .order_by(Supplier.id)
    )
    return [
        Due(
            supplier.inbox_reference or f"supplier-{supplier.id}",
            lambda session, reason, supplier=supplier: delete_supplier(session, supplier, reason),
        )
        for supplier in suppliers
    ]


def register() -> None:
    register_handler(Handler("supplier_register", unused_due))
    register_eraser(Eraser("supplier", for_person))
    register_corrector("supplier", correct_email)
