"""Which supplier contact this browser is signed in as. Kept apart from the
staff login: a supplier is never a member of staff."""

from __future__ import annotations

from functools import wraps

from flask import g, redirect, request, session, url_for

from app.core.db import db
from app.suppliers.models import SupplierContact

_KEY = "supplier_contact_id"


def sign_in_contact(contact: SupplierContact) -> None:
    session[_KEY] = contact.id
    session.permanent = True


def sign_out_contact() -> None:
    session.pop(_KEY, None)


def current_contact() -> SupplierContact | None:
    if "supplier_contact" not in g:
        contact_id = session.get(_KEY)
        g.supplier_contact = db.session.get(SupplierContact, contact_id) if contact_id else None
    return g.supplier_contact


def contact_is_signed_in() -> bool:
    return current_contact() is not None


def supplier_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_contact() is None:
            return redirect(url_for("suppliers.sign_in", next=request.path))
        return view(*args, **kwargs)

    return wrapped
