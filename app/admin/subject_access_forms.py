"""The subject access search and the form that logs a request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, ValidationError

from app.core.forms import (
    GovukEmailField,
    GovukSubmitButton,
    GovukTextInputField,
    PortalForm,
    UKDateField,
)
from app.core.london_time import london_today
from app.core.personal_data import NeedleError, parse_needle


class SearchForm(PortalForm):
    # A search changes nothing, so it is a GET form with its words in the address.
    class Meta:
        csrf = False

    q = GovukTextInputField(
        _l("Email address, name, reference or organisation"),
        description=_l("For example, sam@example.com, CON-2026-7K3QX9 or Hollinsby Friends"),
    )
    submit = GovukSubmitButton(_l("Search"))

    def validate_q(self, field) -> None:
        try:
            self.needle = parse_needle(field.data)
        except NeedleError as error:
            raise ValidationError(str(error)) from error


class LogRequestForm(PortalForm):
    email = GovukEmailField(
        _l("The requester’s email address"),
        validators=[DataRequired(_l("Enter the requester’s email address"))],
    )
    received = UKDateField(
        _l("Date the request was received"),
        description=_l("For example, 4 12 2026"),
        validators=[DataRequired(_l("Enter the date the request was received"))],
    )
    submit = GovukSubmitButton(_l("Log this as a subject access request"))

    def validate_received(self, field) -> None:
        if field.data and field.data > london_today():
            raise ValidationError(_l("Date the request was received must be today or in the past"))
