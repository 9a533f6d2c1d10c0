"""/staff/account: a member of staff's own account, how they sign in, and
where they are signed in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts import sessions
from app.accounts.forms import EMAIL_LANGUAGES, EmailLanguageForm, SignOutForm
from app.accounts.scoping import Loader, guard_staff_blueprint
from app.accounts.security_keys import keys_of, own_key
from app.accounts.services import set_email_language
from app.core.db import db

# Every member of staff's own pages; the sign-in steps before these are in views.py.
# A security key is found only among the reader's own: anyone else's is "not found".
bp = Blueprint("staff_account", __name__, url_prefix="/staff/account")
guard_staff_blueprint(bp, {"key_id": Loader("key", own_key)})


@bp.get("/")
def index():
    return _render_account()


def _render_account(language_form: EmailLanguageForm | None = None, status: int = 200):
    live = sessions.live_sessions(db.session, current_user)
    return render_template(
        "accounts/account.html",
        live_sessions=live,
        this_session=sessions.current_token_hash(),
        everywhere_form=SignOutForm(),
        language_form=language_form or EmailLanguageForm(locale=current_user.locale),
        email_languages=EMAIL_LANGUAGES,
        security_key_count=len(keys_of(db.session, current_user)),
    ), status


@bp.post("/email-language")
def email_language():
    """Assignment emails and daily reminders are written in this language."""
    form = EmailLanguageForm()
    if not form.validate_on_submit():
        return _render_account(form, 400)
    user = current_user._get_current_object()
    if set_email_language(db.session, user, form.locale.data):
        db.session.commit()
    flash(
        _("Your emails will be written in %(language)s.", language=EMAIL_LANGUAGES[user.locale]),
        "success",
    )
    return redirect(url_for("staff_account.index"))


@bp.post("/sign-out-everywhere")
def sign_out_everywhere():
    form = SignOutForm()
    if not form.validate_on_submit():
        return redirect(url_for("staff_account.index"))
    sessions.sign_out_everywhere(db.session, current_user._get_current_object())
    db.session.commit()
    session.pop(sessions.COOKIE_KEY, None)
    logout_user()
    flash(_("You have signed out everywhere, on this device and any other."), "success")
    return redirect(url_for("accounts.sign_in"))
