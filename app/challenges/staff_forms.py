"""Forms for the council's statutory decisions on an expression of interest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.challenges.choices import (
    PROCUREMENT_OUTCOMES,
    REJECTION_GROUND_CITATIONS,
    REJECTION_GROUNDS,
)
from app.core.forms import (
    GovukCheckboxesField,
    GovukRadiosField,
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


def _late_reason():
    # Shown only when the decision falls after the published period; the view
    # removes it otherwise and requires it then (Localism Act 2011 s.84(4)).
    return _text(
        _l("Why the council is deciding after its published decision period"),
        None,
        _l("Published on the register with the decision, and sent to the body."),
        required=False,
    )


def ground_choices() -> list[tuple[str, str]]:
    return [
        (code, f"{label} ({REJECTION_GROUND_CITATIONS[code]})")
        for code, label in REJECTION_GROUNDS.items()
    ]


class NotifyDateForm(PortalForm):
    decide_by = UKDateField(_l("Date by which the council will decide"))
    # Required only when the date falls after the published period (s.84(4)).
    beyond_reason = _text(
        _l("If that date is after the published decision period, why"),
        None,
        _l("Published on the register with the decision, and sent to the body."),
        required=False,
    )
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
    late_reason = _late_reason()
    submit = GovukSubmitButton(_l("Reject the expression of interest"))


class AcceptForm(PortalForm):
    reasons = _text(
        _l("Comments (optional)"),
        None,
        _l("Sent to the body and published on the register."),
        required=False,
    )
    late_reason = _late_reason()
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
    late_reason = _late_reason()
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


class ProcurementForm(PortalForm):
    """The procurement exercise after acceptance (Localism Act 2011 s.83(8))."""

    started_on = UKDateField(_l("Date the procurement exercise started"))
    expected_end_on = UKDateField(_l("Date it is expected to end"))
    outcome = GovukRadiosField(
        _l("Where it has got to"),
        choices=list(PROCUREMENT_OUTCOMES.items()),
        validators=[DataRequired(_l("Select where the procurement exercise has got to"))],
    )
    ended_on = UKDateField(_l("Date it ended (if it has)"))
    note = _text(
        _l("What happened (optional)"),
        None,
        _l("Published on the register."),
        required=False,
    )
    submit = GovukSubmitButton(_l("Save the procurement exercise"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid = (
            _require_date(self, self.started_on, _l("Enter the date the exercise started"))
            and valid
        )
        valid = (
            _require_date(
                self, self.expected_end_on, _l("Enter the date the exercise is expected to end")
            )
            and valid
        )
        start = self.started_on.data
        if start and self.expected_end_on.data and self.expected_end_on.data < start:
            self.expected_end_on.errors.append(_l("The expected end must be on or after the start"))
            valid = False
        if self.outcome.data and self.outcome.data != "running":
            valid = (
                _require_date(self, self.ended_on, _l("Enter the date the exercise ended"))
                and valid
            )
        if start and self.ended_on.data and self.ended_on.data < start:
            self.ended_on.errors.append(_l("The exercise cannot end before it started"))
            valid = False
        return valid


def _welsh(label) -> TextAreaField:
    return GovukTextareaField(
        label,
        validators=[Optional(), Length(max=10000, message=TOO_LONG)],
    )


class WelshForm(PortalForm):
    """The Welsh of what the council published about an expression of
    interest. Written when the decision is made or later, by the translator;
    the view keeps only the fields whose English exists."""

    decision_reasons_cy = _welsh(_l("Reasons, in Welsh"))
    late_reason_cy = _welsh(_l("Why the decision falls after the published period, in Welsh"))
    proposed_modification_cy = _welsh(_l("The proposed modification, in Welsh"))
    procurement_note_cy = _welsh(_l("What happened in the procurement exercise, in Welsh"))
    submit = GovukSubmitButton(_l("Save the Welsh"))

    FIELDS = ("decision_reasons", "late_reason", "proposed_modification", "procurement_note")
