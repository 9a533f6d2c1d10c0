from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts import bp, sessions, signin_flow, sso, throttle
from app.accounts.forms import SignInForm, SignOutForm
from app.accounts.services import authenticate
from app.core.db import db
from app.core.extensions import limiter
from app.core.form_pages import render_form


@bp.route("/staff/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=throttle.counts_against_address,
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        # While the account's attempts wait, not even the right password is checked.
        wait = throttle.wait_seconds(form.email.data)
        if wait:
            return throttle.waiting_page("accounts/sign_in.html", form, form.email, wait)
        open_to_all = sso.password_sign_in_open_to_all()
        user = authenticate(
            db.session, form.email.data, form.password.data, password_for_everyone=open_to_all
        )
        if user is None:
            wait = throttle.failed(db.session, form.email.data)
        # Committed either way: a failed attempt is on the audit log too.
        db.session.commit()
        if user is not None:
            return signin_flow.after_first_factor(user, "password", request.args.get("next"))
        if wait:
            return throttle.waiting_page("accounts/sign_in.html", form, form.email, wait)
        failed = True
        form.email.errors.append(
            _("Enter a correct email address and password")
            if open_to_all
            else _(
                "Enter a correct email address and password. Only administrators can sign in"
                " with a password"
            )
        )
    ended = session.pop(sessions.ENDED_KEY, None)
    return render_form("accounts/sign_in.html", form, failed=failed, ended=ended)


@bp.get("/staff/sign-in/second-step")
def second_step():
    """Where a sign-in goes once the password is right and more is needed."""
    user = signin_flow.pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    if signin_flow.has_security_key(user):
        return redirect(url_for("accounts.security_key_sign_in"))
    if signin_flow.has_one_time_codes(user):
        return redirect(url_for("accounts.totp_sign_in"))
    return redirect(url_for("accounts.totp_setup"))


@bp.post("/staff/sign-out")
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        row = sessions.current(db.session)
        if row is not None:
            sessions.end(row, "signed_out")
            db.session.commit()
        session.pop(sessions.COOKIE_KEY, None)
        logout_user()
        flash(_("You have signed out."), "success")
    return redirect(url_for("pages.home"))


# Accepting an invitation: /staff/invite/<token> --------------------------------
# Public, but only a valid link from the invitation email shows the form.

from flask import make_response  # noqa: E402

from app.accounts import invites  # noqa: E402
from app.accounts.forms import SetPasswordForm  # noqa: E402
from app.accounts.services import accept_invite as set_password_from_invite  # noqa: E402


def _no_leaks(response):
    """The token is in the address: keep it out of caches and Referer headers."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/staff/invite/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def accept_invite(token: str):
    found = invites.find_invite(db.session, token)
    if not found.usable:
        # 404 for a link we never sent; 410 for one that was used or ran out.
        status = 404 if found.state == invites.UNKNOWN else 410
        page = render_template("accounts/set_password.html", form=None, state=found.state)
        return _no_leaks(make_response(page, status))
    form = SetPasswordForm(account=found.invite.staff_user)
    if form.validate_on_submit():
        try:
            user = set_password_from_invite(db.session, found.invite, form.password.data)
        except invites.InviteNoLongerValid:
            db.session.rollback()
            page = render_template("accounts/set_password.html", form=None, state=invites.USED)
            return _no_leaks(make_response(page, 410))
        db.session.commit()
        logout_user()
        if signin_flow.needs_second_factor(user):
            flash(_("Your password is set."), "success")
        else:
            flash(_("Your password is set and you are signed in."), "success")
        # The same steps as any sign-in: an administrator sets up a second factor next.
        return _no_leaks(signin_flow.after_first_factor(user, "password"))
    page, status = render_form(
        "accounts/set_password.html", form, state=found.state, user=found.invite.staff_user
    )
    return _no_leaks(make_response(page, status))
