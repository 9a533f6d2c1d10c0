from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import bp
from app.accounts.forms import SignInForm, SignOutForm
from app.accounts.services import authenticate, find_staff
from app.core.audit import record
from app.core.db import db
from app.core.extensions import limiter
from app.core.i18n import safe_next


@bp.route("/staff/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            record(
                db.session,
                "staff.sign_in",
                actor=user,
                object_type="staff_user",
                object_ref=user.email,
                request=request,
            )
            db.session.commit()
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("inbox.index")))
        failed = True
        # Name the account only if it exists: a mistyped address may be
        # someone else's, and does not belong in the log.
        account = find_staff(db.session, form.email.data)
        record(
            db.session,
            "staff.sign_in_failed",
            object_type="staff_user",
            object_ref=account.email if account else None,
            summary="Wrong password or inactive account" if account else "Unknown email address",
            request=request,
        )
        db.session.commit()
        form.email.errors.append(_("Enter a correct email address and password"))
    status = 400 if form.errors or failed else 200
    return render_template("accounts/sign_in.html", form=form), status


@bp.post("/staff/sign-out")
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You have signed out."), "success")
    return redirect(url_for("pages.home"))
