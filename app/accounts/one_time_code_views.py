"""One-time codes from an authenticator app, and recovery codes: the sign-in
step that asks for them, setting them up, turning them off and making new
recovery codes.

Set-up is open to a signed-in member of staff, and to an administrator who
has just given the right password and has no second factor yet: they set
codes up before they are signed in at all.
"""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts import account_views, bp, signin_flow, throttle
from app.accounts import one_time_codes as otc
from app.accounts.forms import (
    ConfirmItIsYouForm,
    ConfirmOneTimeCodesForm,
    OneTimeCodeForm,
    RecoveryCodeForm,
)
from app.accounts.models import Role
from app.core.db import db
from app.core.extensions import limiter
from app.core.form_pages import render_form

account_bp = account_views.bp


def _private(response):
    """Secrets and recovery codes are on these pages: never kept in a cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _sign_in_rate():
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _pending_with_codes():
    """The account half-way through signing in, if it uses one-time codes."""
    user = signin_flow.pending_user()
    if user is None:
        return None, redirect(url_for("accounts.sign_in"))
    if not otc.has_one_time_codes(user):
        return None, redirect(url_for("accounts.second_step"))
    return user, None


@bp.route("/staff/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate, methods=["POST"], deduct_when=throttle.counts_against_address)
def totp_sign_in():
    user, elsewhere = _pending_with_codes()
    if user is None:
        return elsewhere
    form = OneTimeCodeForm()
    template = "accounts/one_time_codes/sign_in.html"
    if form.validate_on_submit():
        # Codes count with passwords against the account: guessing one waits too.
        wait = throttle.wait_seconds(user.email)
        if wait:
            return throttle.waiting_page(template, form, form.code, wait)
        if otc.check_code(db.session, user, form.code.data):
            return signin_flow.finish(user, "totp")
        otc.wrong_code(db.session, user, "one-time code")
        wait = throttle.failed(db.session, user.email)
        db.session.commit()
        if wait:
            return throttle.waiting_page(template, form, form.code, wait)
        form.code.errors.append(
            _(
                "That code is not right. Enter the code your authenticator app shows now, "
                "or wait for the next one"
            )
        )
    return render_form(template, form)


@bp.route("/staff/sign-in/recovery-code", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate, methods=["POST"], deduct_when=throttle.counts_against_address)
def recovery_code_sign_in():
    user, elsewhere = _pending_with_codes()
    if user is None:
        return elsewhere
    form = RecoveryCodeForm()
    template = "accounts/one_time_codes/recovery_sign_in.html"
    if form.validate_on_submit():
        wait = throttle.wait_seconds(user.email)
        if wait:
            return throttle.waiting_page(template, form, form.code, wait)
        if otc.use_recovery_code(db.session, user, form.code.data):
            left = otc.recovery_codes_left(db.session, user)
            response = signin_flow.finish(user, "recovery_code")
            if left <= otc.LOW_RECOVERY_CODES:
                flash(_low_codes_message(left), "warning")
            return response
        otc.wrong_code(db.session, user, "recovery code")
        wait = throttle.failed(db.session, user.email)
        db.session.commit()
        if wait:
            return throttle.waiting_page(template, form, form.code, wait)
        form.code.errors.append(_("That recovery code is not right, or it has been used already"))
    return render_form(template, form)


def _low_codes_message(left: int) -> str:
    if left == 0:
        return _("You have used your last recovery code. Make new ones on your account page now.")
    return ngettext(
        "You have %(num)d recovery code left. Make new ones on your account page.",
        "You have %(num)d recovery codes left. Make new ones on your account page.",
        left,
    )


@bp.route("/staff/account/one-time-codes/set-up", methods=["GET", "POST"])
def totp_setup():
    if current_user.is_authenticated:
        user, pending = current_user._get_current_object(), False
    else:
        user, pending = signin_flow.pending_user(), True
        if user is None or not signin_flow.must_set_up_second_factor(user):
            return redirect(url_for("accounts.sign_in"))
    if otc.has_one_time_codes(user):
        flash(_("One-time codes are already set up for your account."), "info")
        return redirect(url_for("staff_account.index"))
    secret = otc.secret_for_set_up(db.session, user)
    db.session.commit()
    form = ConfirmOneTimeCodesForm()
    if form.validate_on_submit():
        codes = otc.confirm_set_up(db.session, user, form.code.data)
        if codes is not None:
            if pending:
                # Signed in now; the recovery codes are shown before going on.
                next_url = signin_flow.finish(user, "totp").location
            else:
                db.session.commit()
                next_url = url_for("staff_account.index")
            page = render_template(
                "accounts/one_time_codes/recovery_codes.html",
                codes=codes,
                next_url=next_url,
                just_set_up=True,
            )
            return _private(page)
        form.code.errors.append(
            _(
                "That code is not right. Check the app shows %(council)s and enter the "
                "code it shows now",
                council=current_app.config["COUNCIL_NAME"],
            )
        )
    uri = otc.provisioning_uri(user, secret, current_app.config["COUNCIL_NAME"])
    page, status = render_form(
        "accounts/one_time_codes/set_up.html",
        form,
        qr_code=otc.qr_code_data_uri(uri),
        secret=otc.grouped(secret),
        pending=pending,
        account=user,
    )
    return _private(make_response(page, status))


# Changes from the account page: each asks for the password or a code first.


@account_bp.route("/one-time-codes/turn-off", methods=["GET", "POST"])
def totp_turn_off():
    user = current_user._get_current_object()
    if not otc.has_one_time_codes(user):
        return redirect(url_for("staff_account.index"))
    if user.role == Role.ADMINISTRATOR.value:
        # Explained rather than forbidden: it is a rule about the account, not the page.
        page = render_template("accounts/one_time_codes/turn_off.html", form=None)
        return page, 400 if request.method == "POST" else 200
    form = ConfirmItIsYouForm()
    if form.validate_on_submit():
        if otc.check_password_or_code(db.session, user, form.answer.data):
            otc.turn_off(db.session, user)
            db.session.commit()
            flash(_("One-time codes are turned off. You sign in with your password."), "success")
            return redirect(url_for("staff_account.index"))
        db.session.commit()  # a code tried is used up either way
        form.answer.errors.append(_("Enter your correct password or a current code"))
    return render_form("accounts/one_time_codes/turn_off.html", form)


@account_bp.route("/recovery-codes/new", methods=["GET", "POST"])
def new_recovery_codes():
    user = current_user._get_current_object()
    if not otc.has_one_time_codes(user):
        return redirect(url_for("staff_account.index"))
    form = ConfirmItIsYouForm()
    if form.validate_on_submit():
        if otc.check_password_or_code(db.session, user, form.answer.data):
            codes = otc.regenerate_recovery_codes(db.session, user)
            db.session.commit()
            page = render_template(
                "accounts/one_time_codes/recovery_codes.html",
                codes=codes,
                next_url=url_for("staff_account.index"),
                just_set_up=False,
            )
            return _private(page)
        db.session.commit()
        form.answer.errors.append(_("Enter your correct password or a current code"))
    return render_form("accounts/one_time_codes/new_recovery_codes.html", form)


@account_bp.app_template_global("one_time_codes_of")
def one_time_codes_of(user) -> dict:
    """What the account page says about the member of staff's codes."""
    enabled = otc.has_one_time_codes(user)
    left = otc.recovery_codes_left(db.session, user) if enabled else 0
    return {
        "enabled": enabled,
        "recovery_codes": left,
        "low": enabled and left <= otc.LOW_RECOVERY_CODES,
        "required": user.role == Role.ADMINISTRATOR.value,
    }
