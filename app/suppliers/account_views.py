"""A signed-in supplier's own account: profile, alerts and contacts."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.core.db import db
from app.core.form_pages import render_form
from app.core.i18n import current_language
from app.suppliers import bp
from app.suppliers.choices import (
    ALERT_FREQUENCIES,
    BALANCE_SHEET_BANDS,
    CPV_DIVISIONS,
    LEGAL_FORMS,
    TURNOVER_BANDS,
)
from app.suppliers.forms import ContactForm, ProfileForm, SignOutForm
from app.suppliers.services import add_contact, find_contact, update_profile
from app.suppliers.signed_in import current_contact, supplier_required
from app.suppliers.views import area_choices


@bp.get("/suppliers/account")
@supplier_required
def account():
    contact = current_contact()
    return render_template(
        "suppliers/account.html",
        contact=contact,
        supplier=contact.supplier,
        legal_forms=LEGAL_FORMS,
        turnover_bands=TURNOVER_BANDS,
        balance_sheet_bands=BALANCE_SHEET_BANDS,
        cpv_divisions=CPV_DIVISIONS,
        alert_frequencies=ALERT_FREQUENCIES,
        language=current_language(),
        sign_out_form=SignOutForm(),
    )


@bp.route("/suppliers/account/profile", methods=["GET", "POST"])
@supplier_required
def edit_profile():
    supplier = current_contact().supplier
    form = ProfileForm(area_choices=area_choices())
    if form.validate_on_submit():
        profile = form.profile_data()
        clash = _number_clash(supplier, profile)
        if clash is None:
            update_profile(db.session, supplier, profile)
            db.session.commit()
            flash(_("Your details have been saved."), "success")
            return redirect(url_for("suppliers.account"))
        field, message = clash
        field = getattr(form, field)
        field.errors = [*field.errors, message]
    elif not form.is_submitted():
        form.fill_from(supplier)
    return render_form("suppliers/profile.html", form)


def _number_clash(supplier, profile) -> tuple[str, str] | None:
    from app.suppliers.services import find_duplicates

    for name in ("charity_number", "company_number"):
        value = profile[name]
        if value and value != getattr(supplier, name):
            found = find_duplicates(
                db.session,
                charity_number=value if name == "charity_number" else None,
                company_number=value if name == "company_number" else None,
                email=None,
            )
            if found:
                return name, _("Another organisation on the register has this number")
    return None


@bp.route("/suppliers/account/contacts/add", methods=["GET", "POST"])
@supplier_required
def add_contact_view():
    supplier = current_contact().supplier
    form = ContactForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if find_contact(db.session, email) is None:
            try:
                add_contact(
                    db.session,
                    supplier,
                    {
                        "name": " ".join(form.name.data.split()),
                        "email": email,
                        "phone": (form.phone.data or "").strip() or None,
                    },
                    current_language(),
                )
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
            else:
                flash(_("They can now sign in with %(email)s.", email=email), "success")
                return redirect(url_for("suppliers.account"))
        form.email.errors = [*form.email.errors, _("This email address is already registered")]
    return render_form("suppliers/add_contact.html", form)
