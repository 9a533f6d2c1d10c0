"""Forms for the council's statutory decisions on an expression of interest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.challenges.choices import REJECTION_GROUNDS
from app.core.forms import (
    GovukCheckboxesField,
    GovukSubmitButton,
    GovukTextareaField,
    PortalForm,
    UKDateField,
)

TOO_LONG = _l("Use 10,000 characters or fewer")


def _text(label, message, hint=None, required=True) -> TextAreaField:
    return GovukTextareaField(
        label,
        description=hint,
        validators=[
            DataRequired(message) if required else Optional(),
            Length(max=10000, message=TOO_LONG),
        ],
    )


def _require_date(form: PortalForm, field, message) -> bool:
    if field.data is None and not field.errors:
        field.errors.append(str(message))
        return False
    return not field.errors


class NotifyDateForm(PortalForm):
    decide_by = UKDateField(_l("Date by which the council will decide"))
    submit = GovukSubmitButton(_l("Notify the decision date"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        message = _l("Enter the date by which the council will decide")
        return _require_date(self, self.decide_by, message) and valid


class RejectForm(PortalForm):
    grounds = GovukCheckboxesField(
        _l("Grounds for rejection"),
        choices=list(REJECTION_GROUNDS.items()),
        validators=[DataRequired(_l("Select at least one ground for rejection"))],
    )
    reasons = _text(
        _l("Reasons"),
        _l("Enter the reasons for rejecting it"),
        _l("Sent to the body and published on the register."),
    )
    submit = GovukSubmitButton(_l("Reject the expression of interest"))


class AcceptForm(PortalForm):
    reasons = _text(
        _l("Comments (optional)"),
        None,
        _l("Sent to the body and published on the register."),
        required=False,
    )
    submit = GovukSubmitButton(_l("Accept the expression of interest"))


class ModifyForm(PortalForm):
    change = _text(
        _l("The modification the council proposes"),
        _l("Enter the modification the council proposes"),
    )
    reasons = _text(
        _l("Why it would otherwise be rejected"),
        _l("Enter why it would otherwise be rejected"),
        _l("Sent to the body and published on the register."),
    )
    submit = GovukSubmitButton(_l("Propose the modification"))


class AgreementForm(PortalForm):
    agreed_on = UKDateField(_l("Date the body agreed in writing"))
    how = _text(
        _l("How the body agreed"),
        _l("Enter how the body agreed"),
        _l("For example: letter from the chair dated 3 March, saved in the case file."),
    )
    submit = GovukSubmitButton(_l("Accept with modifications"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        message = _l("Enter the date the body agreed in writing")
        return _require_date(self, self.agreed_on, message) and valid


class WithdrawForm(PortalForm):
    note = _text(
        _l("How the body withdrew"),
        _l("Enter how the body withdrew"),
    )
    submit = GovukSubmitButton(_l("Record the withdrawal"))
