"""Changing a password (/staff/account/password) and resetting a forgotten
one (/staff/reset-password, then the emailed link)."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts import bp, invites, sessions
from app.accounts.account_views import bp as account_bp
from app.accounts.forms import ChangePasswordForm, ForgottenPasswordForm, ResetPasswordForm
from app.accounts.password_changes import (
    RESET_LIFETIME,
    WrongPassword,
    change_password,
    request_reset,
    reset_password,
)
from app.accounts.passwords import WeakPasswordError
from app.accounts.views import _no_leaks
from app.core.db import db
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.i18n import current_language


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


# On the account pages' blueprint, which lets in every signed-in member of staff.
@account_bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@limiter.limit(_sign_in_limit, methods=["POST"])
def change_password_page():
    user = current_user._get_current_object()
    form = ChangePasswordForm(account=user)
    if form.validate_on_submit():
        try:
            ended = change_password(
                db.session,
                user,
                form.current_password.data,
                form.password.data,
                locale=current_language(),
            )
        except WrongPassword:
            db.session.rollback()
            form.current_password.errors.append(_("Your current password is not right"))
        except WeakPasswordError as exc:
            db.session.rollback()
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            if ended:
                flash(
                    _("Your password has changed. You have been signed out everywhere else."),
                    "success",
                )
            else:
                flash(_("Your password has changed."), "success")
            return redirect(url_for("staff_account.index"))
    return render_form("accounts/change_password.html", form)


@bp.route("/staff/reset-password", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        request_reset(db.session, form.email.data, locale=current_language())
        db.session.commit()
        # The same answer whether or not the address has an account.
        return redirect(url_for("accounts.reset_link_sent"))
    return render_form("accounts/forgotten_password.html", form)


@bp.get("/staff/reset-password/sent")
def reset_link_sent():
    return render_template(
        "accounts/reset_link_sent.html", minutes=int(RESET_LIFETIME.total_seconds() // 60)
    )


@bp.route("/staff/reset-password/<token>", methods=["GET", "POST"], endpoint="reset_password")
@limiter.limit(_sign_in_limit, methods=["POST"])
def reset_password_page(token: str):
    found = invites.find_invite(db.session, token, purpose=invites.RESET)
    if not found.usable:
        # 404 for a link we never sent; 410 for one that was used or ran out.
        status = 404 if found.state == invites.UNKNOWN else 410
        page = render_template("accounts/reset_password.html", form=None, state=found.state)
        return _no_leaks(make_response(page, status))
    user = found.invite.staff_user
    form = ResetPasswordForm(account=user)
    if form.validate_on_submit():
        try:
            reset_password(db.session, found.invite, form.password.data, locale=current_language())
        except invites.InviteNoLongerValid:
            db.session.rollback()
            page = render_template("accounts/reset_password.html", form=None, state=invites.USED)
            return _no_leaks(make_response(page, 410))
        db.session.commit()
        # Never signed in from here: whoever holds the link signs in afresh,
        # second factor and all.
        cookie.pop(sessions.COOKIE_KEY, None)
        logout_user()
        flash(_("Your password has been reset. Sign in with your new password."), "success")
        return _no_leaks(redirect(url_for("accounts.sign_in")))
    page, status = render_form("accounts/reset_password.html", form, state=found.state, user=user)
    return _no_leaks(make_response(page, status))
