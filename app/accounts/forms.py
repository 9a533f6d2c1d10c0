from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.accounts.models import Role
from app.accounts.passwords import MIN_PASSWORD_LENGTH, password_problem
from app.core.forms import (
    EMAIL_FORMAT,
    GovukCheckboxesField,
    GovukEmailField,
    GovukPasswordField,
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextInputField,
    PortalForm,
)


class SignInForm(PortalForm):
    email = GovukTextInputField(
        _l("Email address"),
        thing=_l("your email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = GovukPasswordField(
        _l("Password"),
        thing=_l("your password"),
        validators=[DataRequired(_l("Enter your password")), Length(max=500)],
    )
    submit = GovukSubmitButton(_l("Sign in"))


class SignOutForm(PortalForm):
    """Sign-out is a POST so another site cannot sign staff out."""


# Staff management (/admin/users) and accepting an invite --------------------

ROLE_LABELS = {
    Role.VIEWER.value: _l("Viewer"),
    Role.COMMISSIONER.value: _l("Commissioner"),
    Role.ADMINISTRATOR.value: _l("Administrator"),
}
ROLE_HINTS = {
    Role.VIEWER.value: _l("Can read the inbox and the forward plan, but not change them."),
    Role.COMMISSIONER.value: _l(
        "Can work the inbox, reply to people and publish the forward plan."
    ),
    Role.ADMINISTRATOR.value: _l(
        "Can do everything a commissioner can, and manage staff, the outbox and the audit log."
    ),
}


# How a member of staff last signed in (StaffUser.last_sign_in_method): the
# first step, then any second, joined with "+".
SIGN_IN_METHOD_LABELS = {
    "password": _l("password"),
    "totp": _l("one-time code"),
    "recovery_code": _l("recovery code"),
    "security_key": _l("security key"),
    "sso": _l("council sign-in"),
}


def sign_in_method_label(method: str | None) -> str:
    """ "password, one-time code" for "password+totp"; unknown parts as stored."""
    parts = [part for part in (method or "").split("+") if part]
    return ", ".join(str(_method_label(part)) for part in parts)


def _method_label(part: str):
    if part in SIGN_IN_METHOD_LABELS:
        return SIGN_IN_METHOD_LABELS[part]
    # last_sign_in_method holds 20 characters: "password+recovery_code" arrives cut short.
    whole = [key for key in SIGN_IN_METHOD_LABELS if key.startswith(part)]
    return SIGN_IN_METHOD_LABELS[whole[0]] if len(whole) == 1 else part


def _name_field() -> GovukTextInputField:
    return GovukTextInputField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter their full name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
    )


def _role_field() -> GovukRadiosField:
    return GovukRadiosField(
        _l("Role"),
        choices=list(ROLE_LABELS.items()),
        validators=[DataRequired(_l("Select a role"))],
    )


def _areas_field() -> GovukCheckboxesField:
    return GovukCheckboxesField(
        _l("Service areas"),
        description=_l(
            "They will only see inbox items in the areas you select. "
            "Select none to let them see every service area."
        ),
        coerce=int,
    )


class StaffForm(PortalForm):
    """Name, role and service areas; the view fills the areas' choices."""

    name = _name_field()
    role = _role_field()
    service_areas = _areas_field()
    submit = GovukSubmitButton(_l("Save changes"))


class InviteStaffForm(PortalForm):
    name = _name_field()
    # The length is checked before the format, so a very long address hears about its length.
    email = GovukEmailField(
        _l("Email address"),
        description=_l("Their work email address. We will send the invitation here."),
        validators=[
            DataRequired(_l("Enter their email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(EMAIL_FORMAT, check_deliverability=False),
        ],
    )
    role = _role_field()
    service_areas = _areas_field()
    submit = GovukSubmitButton(_l("Send invitation"))


class StaffActionForm(PortalForm):
    """Deactivate, reactivate and resend: a POST with a CSRF token and nothing else."""


PASSWORD_HINT = _l(
    "Use at least %(min)d characters. A few unrelated words together are "
    "easy to remember and hard to guess.",
    min=MIN_PASSWORD_LENGTH,
)


class NewPasswordForm(PortalForm):
    """A new password and the same again. The view names the account it is
    for (`account=`), so a password made of its email address or name is
    refused along with the common ones: see `app.accounts.passwords`."""

    password = GovukPasswordField(
        _l("Create a password"),
        description=PASSWORD_HINT,
        validators=[DataRequired(_l("Enter a password"))],
    )
    confirm = GovukPasswordField(
        _l("Confirm your password"),
        validators=[
            DataRequired(_l("Enter your password again")),
            EqualTo("password", _l("The passwords do not match")),
        ],
    )

    def __init__(self, *args, account=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account = account

    def validate_password(self, field) -> None:
        problem = password_problem(field.data, self.account)
        if problem:
            raise ValidationError(problem)


class SetPasswordForm(NewPasswordForm):
    submit = GovukSubmitButton(_l("Set password and sign in"))


def _new_password() -> GovukPasswordField:
    return GovukPasswordField(
        _l("New password"),
        description=PASSWORD_HINT,
        validators=[DataRequired(_l("Enter a new password"))],
    )


def _confirm_new_password() -> GovukPasswordField:
    return GovukPasswordField(
        _l("Confirm your new password"),
        validators=[
            DataRequired(_l("Enter your new password again")),
            EqualTo("password", _l("The passwords do not match")),
        ],
    )


class ResetPasswordForm(NewPasswordForm):
    password = _new_password()
    confirm = _confirm_new_password()
    submit = GovukSubmitButton(_l("Reset password"))


class ChangePasswordForm(NewPasswordForm):
    current_password = GovukPasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password")),
            Length(max=500, message=_l("Enter your current password")),
        ],
    )
    password = _new_password()
    confirm = _confirm_new_password()
    submit = GovukSubmitButton(_l("Change password"))

    def validate_password(self, field) -> None:
        super().validate_password(field)
        if self.current_password.data and field.data == self.current_password.data:
            raise ValidationError(_l("Your new password must be different from your current one"))


class ForgottenPasswordForm(PortalForm):
    email = GovukEmailField(
        _l("Email address"),
        description=_l("The work email address you sign in with."),
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(EMAIL_FORMAT, check_deliverability=False),
        ],
    )
    submit = GovukSubmitButton(_l("Send the link"))


# One-time codes and recovery codes ------------------------------------------


def _code_field(label, hint=None) -> GovukTextInputField:
    return GovukTextInputField(
        label,
        description=hint,
        validators=[
            DataRequired(_l("Enter the 6-digit code from your authenticator app")),
            Length(max=20, message=_l("Enter the 6-digit code from your authenticator app")),
        ],
    )


class OneTimeCodeForm(PortalForm):
    code = _code_field(
        _l("Enter the 6-digit code from your authenticator app"),
        _l("The code changes every 30 seconds."),
    )
    submit = GovukSubmitButton(_l("Continue"))


class ConfirmOneTimeCodesForm(PortalForm):
    code = _code_field(
        _l("Enter the 6-digit code your authenticator app now shows"),
        _l("This checks the app is set up properly."),
    )
    submit = GovukSubmitButton(_l("Turn on one-time codes"))


class RecoveryCodeForm(PortalForm):
    code = GovukTextInputField(
        _l("Enter one of your recovery codes"),
        description=_l("Each recovery code is 12 letters, like abcd-efgh-jkmn. It works once."),
        validators=[
            DataRequired(_l("Enter one of your recovery codes")),
            Length(max=40, message=_l("Enter a recovery code, like abcd-efgh-jkmn")),
        ],
    )
    submit = GovukSubmitButton(_l("Continue"))


class ConfirmItIsYouForm(PortalForm):
    """Before a change to how someone signs in: their password or a code."""

    answer = GovukPasswordField(
        _l("Your password, or a code from your authenticator app"),
        thing=_l("your password or code"),
        validators=[
            DataRequired(_l("Enter your password or a code from your authenticator app")),
            Length(max=500),
        ],
    )


EMAIL_LANGUAGES = {"en": "English", "cy": "Cymraeg"}


class EmailLanguageForm(PortalForm):
    """The language the portal writes a member of staff's emails in."""

    locale = GovukRadiosField(
        _l("Which language should we email you in?"),
        choices=list(EMAIL_LANGUAGES.items()),
        validators=[DataRequired(_l("Select the language for your emails"))],
    )
    submit = GovukSubmitButton(_l("Save language"))
