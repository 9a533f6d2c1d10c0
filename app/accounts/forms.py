from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[DataRequired(_l("Enter your password")), Length(max=500)],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class SignOutForm(FlaskForm):
    """Sign-out is a POST so another site cannot sign staff out."""


# Staff management (/admin/users) and accepting an invite --------------------

from govuk_frontend_wtf.wtforms_widgets import (  # noqa: E402
    GovCheckboxesInput,
    GovRadioInput,
)
from wtforms import RadioField, SelectMultipleField  # noqa: E402
from wtforms.validators import Email, EqualTo  # noqa: E402

from app.accounts.models import Role  # noqa: E402
from app.accounts.services import MIN_PASSWORD_LENGTH  # noqa: E402

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
NOT_AN_OPTION = _l("Select one of the options")


def _name_field() -> StringField:
    return StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter their full name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
    )


def _role_field() -> RadioField:
    return RadioField(
        _l("Role"),
        choices=list(ROLE_LABELS.items()),
        invalid_choice_message=NOT_AN_OPTION,
        widget=GovRadioInput(),
        validators=[DataRequired(_l("Select a role"))],
    )


def _areas_field() -> SelectMultipleField:
    return SelectMultipleField(
        _l("Service areas"),
        description=_l(
            "They will only see inbox items in the areas you select. "
            "Select none to let them see every service area."
        ),
        coerce=int,
        invalid_value_message=NOT_AN_OPTION,
        invalid_choice_message=NOT_AN_OPTION,
        widget=GovCheckboxesInput(),
    )


class StaffForm(FlaskForm):
    """Name, role and service areas; the view fills the areas' choices."""

    name = _name_field()
    role = _role_field()
    service_areas = _areas_field()
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())


class InviteStaffForm(FlaskForm):
    name = _name_field()
    email = StringField(
        _l("Email address"),
        description=_l("Their work email address. We will send the invitation here."),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter their email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(
                _l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
    )
    role = _role_field()
    service_areas = _areas_field()
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())


class StaffActionForm(FlaskForm):
    """Deactivate, reactivate and resend: a POST with a CSRF token and nothing else."""


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Create a password"),
        description=_l(
            "Use at least %(min)d characters. A few unrelated words together are "
            "easy to remember and hard to guess.",
            min=MIN_PASSWORD_LENGTH,
        ),
        widget=GovPasswordInput(),
        validators=[
            DataRequired(_l("Enter a password")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "Your password must be at least %(min)d characters", min=MIN_PASSWORD_LENGTH
                ),
            ),
            Length(max=500, message=_l("Your password must be 500 characters or fewer")),
        ],
    )
    confirm = PasswordField(
        _l("Confirm your password"),
        widget=GovPasswordInput(),
        validators=[
            DataRequired(_l("Enter your password again")),
            EqualTo("password", _l("The passwords do not match")),
        ],
    )
    submit = SubmitField(_l("Set password and sign in"), widget=GovSubmitInput())
