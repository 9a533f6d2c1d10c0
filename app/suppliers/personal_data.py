"""What the supplier register holds about a person: the organisation's entry
on the register, its alerts, and the contacts who sign in for it."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core.personal_data import Holding, Needle, Source, any_of, register_source
from app.suppliers.models import Supplier, SupplierContact


def matching_suppliers(needle: Needle):
    """The ids of suppliers the needle names (by a contact or the
    organisation), as a subquery other capabilities' sources reuse."""
    by_contact = any_of(
        needle.email_is(SupplierContact.email), needle.name_in(SupplierContact.name)
    )
    by_supplier = any_of(
        needle.name_in(Supplier.name), needle.reference_is(Supplier.inbox_reference)
    )
    condition = any_of(
        Supplier.id.in_(select(SupplierContact.supplier_id).where(by_contact))
        if by_contact is not None
        else None,
        by_supplier,
    )
    return select(Supplier.id).where(condition) if condition is not None else None


def find(session: Session, needle: Needle) -> list[Holding]:
    ids = matching_suppliers(needle)
    if ids is None:
        return []
    suppliers = session.scalars(
        select(Supplier)
        .where(Supplier.id.in_(ids))
        .options(selectinload(Supplier.contacts), selectinload(Supplier.service_areas))
        .order_by(Supplier.created_at)
    )
    return [_holding(supplier, needle) for supplier in suppliers]


def _holding(supplier: Supplier, needle: Needle) -> Holding:
    # Other people who sign in for the organisation are theirs to ask about,
    # unless it was the organisation itself that was asked for.
    contacts = [
        c for c in supplier.contacts if needle.matches_text(c.email, c.name)
    ] or supplier.contacts
    return Holding(
        kind="supplier",
        reference=supplier.inbox_reference or f"supplier-{supplier.id}",
        when=supplier.created_at,
        summary=supplier.name,
        link=url_for("inbox.item", reference=supplier.inbox_reference)
        if supplier.inbox_reference
        else None,
        data={
            "organisation": supplier.name,
            "legal_form": supplier.legal_form,
            "charity_number": supplier.charity_number,
            "company_number": supplier.company_number,
            "central_digital_platform_id": supplier.cdp_id,
            "staff": supplier.staff_count,
            "volunteers": supplier.volunteer_count,
            "turnover": supplier.turnover_band,
            "balance_sheet": supplier.balance_sheet_band,
            "postcode": supplier.postcode,
            "service_areas": [area.name for area in supplier.service_areas],
            "work_types": supplier.cpv_divisions,
            "alerts": {
                "how_often": supplier.alert_frequency,
                "news": supplier.news_opt_in,
                "last_sent_at": supplier.alerts_sent_at,
            },
            "registered_at": supplier.created_at,
            "contacts": [
                {
                    "name": contact.name,
                    "email": contact.email,
                    "phone": contact.phone,
                    "language": contact.locale,
                    "added_at": contact.created_at,
                }
                for contact in contacts
            ],
        },
    )


def register() -> None:
    register_source(Source("supplier", _l("Supplier register"), find, order=30))
