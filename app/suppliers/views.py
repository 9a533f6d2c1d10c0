"""Registering on the supplier register, and signing in by emailed link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.db import db
from app.core.extensions import csrf, limiter
from app.core.form_pages import render_form
from app.core.i18n import current_language, safe_next
from app.core.models import ServiceArea
from app.suppliers import bp
from app.suppliers.choices import CPV_DIVISIONS, LEGAL_FORMS, TURNOVER_BANDS
from app.suppliers.forms import RegistrationForm, SignInForm, SignOutForm
from app.suppliers.services import (
    find_contact,
    find_duplicates,
    register_supplier,
    send_sign_in_link,
    stop_alerts,
    supplier_by_reference,
    tell_existing_contact,
    use_sign_in_link,
)
from app.suppliers.signed_in import current_contact, sign_in_contact, sign_out_contact


def _rate_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def area_choices() -> list[tuple[str, str]]:
    language = current_language()
    areas = db.session.scalars(select(ServiceArea).order_by(ServiceArea.name))
    return sorted(
        ((area.slug, area.localised_name(language)) for area in areas), key=lambda p: p[1]
    )


@bp.route("/suppliers/register", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def register():
    wanted = safe_next(request.args.get("next"), "")
    form = RegistrationForm(area_choices=area_choices())
    duplicates: set[str] = set()
    if form.validate_on_submit():
        contact = form.contact_data()
        profile = form.profile_data()

        def numbers_taken() -> set[str]:
            # Charity and company numbers are public records, and saying one
            # is taken tells nobody anything new. Whether an email address
            # is registered is never shown (see tell_existing_contact).
            return find_duplicates(
                db.session,
                charity_number=profile["charity_number"],
                company_number=profile["company_number"],
                email=None,
            )

        duplicates = numbers_taken()
        if not duplicates:
            existing = find_contact(db.session, contact["email"])
            try:
                if existing is None:
                    register_supplier(db.session, profile, contact, current_language())
                    if wanted:
                        # Registering to book: the emailed link signs them in and
                        # goes straight back to the booking, proving the address.
                        send_sign_in_link(db.session, contact["email"], current_language())
                else:
                    tell_existing_contact(db.session, existing, wanted)
                db.session.commit()
            except IntegrityError:
                # Someone registered the same number or address a moment ago.
                db.session.rollback()
                duplicates = numbers_taken()
                if not duplicates:
                    existing = find_contact(db.session, contact["email"])
                    if existing is None:
                        raise
                    tell_existing_contact(db.session, existing, wanted)
                    db.session.commit()
            if not duplicates:
                session["supplier_registered"] = True
                if wanted:
                    session["supplier_next"] = wanted
                return redirect(url_for("suppliers.registered", booking="yes" if wanted else None))
        form.flag_duplicates(duplicates)
    return render_form(
        "suppliers/register.html", form, failed=bool(duplicates), duplicate=bool(duplicates)
    )


@bp.get("/suppliers/registered")
def registered():
    # The page shows no reference: it must read the same whether or not
    # the address was registered already. The reference is in the email.
    if not session.get("supplier_registered"):
        return redirect(url_for("suppliers.register"))
    return render_template("suppliers/registered.html", booking=bool(request.args.get("booking")))


@bp.route("/suppliers/sign-in", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def sign_in():
    wanted = safe_next(request.args.get("next"), "")
    if current_contact() is not None:
        return redirect(wanted or url_for("suppliers.account"))
    if wanted:
        # Where to go once the emailed link is used, such as the booking page.
        session["supplier_next"] = wanted
    form = SignInForm()
    if form.validate_on_submit():
        send_sign_in_link(db.session, form.email.data, current_language())
        db.session.commit()
        # The same answer whether or not the address is registered.
        session["supplier_link_sent_to"] = form.email.data.strip()
        return redirect(url_for("suppliers.check_email"))
    return render_form("suppliers/sign_in.html", form)


@bp.get("/suppliers/sign-in/check-your-email")
def check_email():
    email = session.get("supplier_link_sent_to")
    if not email:
        return redirect(url_for("suppliers.sign_in"))
    return render_template("suppliers/check_email.html", email=email)


# A GET only shows a button: mail scanners that follow links must not spend them.
@bp.route("/suppliers/sign-in/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def use_link(token: str):
    form = SignOutForm()
    if request.method == "POST" and form.validate_on_submit():
        contact = use_sign_in_link(db.session, token)
        db.session.commit()
        if contact is None:
            return render_template("suppliers/link_not_valid.html"), 400
        sign_in_contact(contact)
        session.pop("supplier_link_sent_to", None)
        flash(_("You are signed in."), "success")
        wanted = safe_next(session.pop("supplier_next", None), url_for("suppliers.account"))
        return redirect(wanted)
    return render_template("suppliers/use_link.html", form=form)


@bp.post("/suppliers/sign-out")
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        sign_out_contact()
        flash(_("You have signed out."), "success")
    return redirect(url_for("suppliers.sign_in"))


@bp.app_template_global()
def supplier_for_reference(reference: str):
    """For the inbox item page: the supplier a registration created."""
    return supplier_by_reference(db.session, reference)


@bp.app_template_global()
def supplier_choices() -> dict:
    return {"legal_forms": LEGAL_FORMS, "turnover_bands": TURNOVER_BANDS}


@bp.app_template_filter()
def cpv_label(code: str) -> str:
    # Also used by the forward plan's pages: it is registered app-wide.
    return str(CPV_DIVISIONS.get(code, code))


@bp.route("/suppliers/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """Stop alerts from the link in an alert email, without signing in.

    A GET only shows a page with a button: mail scanners and link previews
    open links, and must never unsubscribe anyone. The POST, from that
    button or from a mail program's own unsubscribe button (List-Unsubscribe
    -Post, RFC 8058, which sends no cookie), stops the alerts. It needs no
    CSRF token: the signed token in the URL is what allows it, and all it
    can do is stop the alerts that token names."""
    from app.suppliers.alerts import supplier_for_unsubscribe

    supplier, problem = supplier_for_unsubscribe(db.session, token)
    if supplier is None:
        status = 410 if problem == "expired" else 404
        return render_template("suppliers/unsubscribe.html", problem=problem), status
    already = supplier.alert_frequency == "none"
    stopped = request.method == "POST"
    if stopped:
        stop_alerts(db.session, supplier)
        db.session.commit()
    return render_template(
        "suppliers/unsubscribe.html",
        supplier=supplier,
        token=token,
        stopped=stopped,
        already=already,
    )
