"""Security keys and passkeys: added and removed by the member of staff on
/staff/account/security-keys, used as the second step of signing in on
/staff/sign-in/security-key.

Each ceremony is a plain form. The page's script asks an options endpoint
(a POST with the CSRF token in X-CSRFToken) for a challenge, hands it to the
browser, and sends the form with the authenticator's answer in a hidden
field. Without JavaScript or WebAuthn the page says so and the button stays
hidden, so nobody is shown a control that cannot work.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, select
from werkzeug.wrappers import Response

from app.accounts import bp, signin_flow
from app.accounts.account_views import bp as account_bp
from app.accounts.models import StaffRecoveryCode, StaffSecurityKey, StaffUser
from app.accounts.security_key_forms import (
    AddSecurityKeyForm,
    RemoveWithPasswordForm,
    UseSecurityKeyForm,
)
from app.accounts.security_keys import (
    CONFIRM,
    SIGN_IN,
    SecurityKeyError,
    authentication_options,
    keys_of,
    name_is_free,
    registration_options,
)
from app.accounts.services import (
    add_security_key,
    record_security_key_failure,
    remove_security_key,
    use_security_key,
)
from app.core.db import db
from app.core.extensions import limiter
from app.core.form_pages import render_form

# What went wrong, in words: the browser's DOMException names first, then the
# server's reasons for refusing a response.
MESSAGES = {
    "NotAllowedError": _l(
        "Your security key was not used. You may have cancelled, or it took too long."
    ),
    "AbortError": _l(
        "Your security key was not used. You may have cancelled, or it took too long."
    ),
    "InvalidStateError": _l("This security key is already added to your account."),
    "already_registered": _l("This security key is already added to your account."),
    "unknown_key": _l("That security key has not been added to your account."),
    "no_challenge": _l("That request has already been used or has run out. Try again."),
    "timed_out": _l("That request has already been used or has run out. Try again."),
    "cloned": _l(
        "We cannot accept that security key because it looks like it has been copied. "
        "Tell an administrator."
    ),
    "not_verified": _l("We could not check your security key."),
}
SOMETHING_ELSE = _l("Your browser could not use your security key.")


def message_for(reason: str) -> str:
    return str(MESSAGES.get(reason, SOMETHING_ELSE))


def _options_response(options_json: str) -> Response:
    return current_app.response_class(options_json, mimetype="application/json")


def _has_recovery_codes(user: StaffUser) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    StaffRecoveryCode.staff_user_id == user.id,
                    StaffRecoveryCode.used_at.is_(None),
                )
            )
        )
    )


def code_sign_in_url(user: StaffUser) -> str | None:
    """Where "Use a code instead" goes, for an account that has codes."""
    if "accounts.totp_sign_in" not in current_app.view_functions:
        return None
    if signin_flow.has_one_time_codes(user) or _has_recovery_codes(user):
        return url_for("accounts.totp_sign_in")
    return None


# Signing in: the second step ----------------------------------------------------


@bp.route("/staff/sign-in/security-key", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def security_key_sign_in():
    user = signin_flow.pending_user()
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    if not signin_flow.has_security_key(user):
        return redirect(url_for("accounts.second_step"))
    form = UseSecurityKeyForm()
    problem = None
    if form.validate_on_submit():
        if form.credential.data:
            try:
                use_security_key(db.session, user, form.credential.data, SIGN_IN)
            except SecurityKeyError as error:
                db.session.rollback()
                record_security_key_failure(db.session, user, error)
                db.session.commit()
                problem = message_for(error.reason)
            else:
                # finish() commits the key's new counter with the sign-in.
                return signin_flow.finish(user, "security_key")
        else:
            problem = message_for(form.client_error.data or "")
    return render_form(
        "accounts/security_key_sign_in.html",
        form,
        failed=problem is not None,
        problem=problem,
        code_url=code_sign_in_url(user),
    )


@bp.post("/staff/sign-in/security-key/options")
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"])
def security_key_sign_in_options():
    user = signin_flow.pending_user()
    if user is None or not signin_flow.has_security_key(user):
        return current_app.response_class(
            '{"error": "no_sign_in"}', 400, mimetype="application/json"
        )
    return _options_response(authentication_options(db.session, user, SIGN_IN))


# The member of staff's own keys ------------------------------------------------


@account_bp.get("/security-keys")
def security_keys():
    return render_template("accounts/security_keys.html", keys=keys_of(db.session, current_user))


@account_bp.route("/security-keys/add", methods=["GET", "POST"])
def add_security_key_page():
    user = current_user._get_current_object()
    form = AddSecurityKeyForm()
    problem = None
    if form.validate_on_submit():
        if not name_is_free(db.session, user, form.name.data):
            form.name.errors.append(_("You already have a security key with that name"))
        elif form.credential.data:
            try:
                key = add_security_key(db.session, user, form.name.data, form.credential.data)
            except SecurityKeyError as error:
                db.session.rollback()
                record_security_key_failure(db.session, user, error)
                db.session.commit()
                problem = message_for(error.reason)
            else:
                db.session.commit()
                flash(
                    _(
                        "Security key “%(name)s” added. You will use it when you sign in.",
                        name=key.name,
                    ),
                    "success",
                )
                return redirect(url_for("staff_account.security_keys"))
        else:
            problem = message_for(form.client_error.data or "")
    return render_form(
        "accounts/security_key_add.html", form, failed=problem is not None, problem=problem
    )


@account_bp.post("/security-keys/add/options")
def security_key_registration_options():
    return _options_response(registration_options(db.session, current_user._get_current_object()))


@account_bp.post("/security-keys/confirm/options")
def security_key_confirm_options():
    user = current_user._get_current_object()
    if not keys_of(db.session, user):
        return current_app.response_class('{"error": "no_keys"}', 400, mimetype="application/json")
    return _options_response(authentication_options(db.session, user, CONFIRM))


def _render_remove(key, password_form, key_form, problem=None):
    failed = problem is not None or bool(password_form.errors)
    return render_form(
        "accounts/security_key_remove.html",
        password_form,
        failed=failed,
        key=key,
        key_form=key_form,
        problem=problem,
    )


@account_bp.route("/security-keys/<int:key_id>/remove", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def remove_security_key_page(key: StaffSecurityKey):
    user = current_user._get_current_object()
    form = RemoveWithPasswordForm()
    if form.validate_on_submit():
        if user.check_password(form.password.data):
            return _removed(user, key)
        form.password.errors.append(_("Enter your correct password"))
    return _render_remove(key, form, UseSecurityKeyForm(formdata=None))


@account_bp.post("/security-keys/<int:key_id>/remove/with-key")
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"])
def remove_security_key_with_key(key: StaffSecurityKey):
    user = current_user._get_current_object()
    form = UseSecurityKeyForm()
    problem = message_for("")
    if form.validate_on_submit():
        if form.credential.data:
            try:
                use_security_key(db.session, user, form.credential.data, CONFIRM)
            except SecurityKeyError as error:
                db.session.rollback()
                record_security_key_failure(db.session, user, error)
                db.session.commit()
                problem = message_for(error.reason)
            else:
                # The key may have removed itself: reload after the use was recorded.
                return _removed(user, key)
        else:
            problem = message_for(form.client_error.data or "")
    return _render_remove(key, RemoveWithPasswordForm(formdata=None), form, problem)


def _removed(user: StaffUser, key: StaffSecurityKey) -> Response:
    name = key.name
    remove_security_key(db.session, user, key)
    db.session.commit()
    flash(_("Security key “%(name)s” removed.", name=name), "success")
    return redirect(url_for("staff_account.security_keys"))
