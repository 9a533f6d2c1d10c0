"""The expression of interest, one form a step, asking for what SI 2012/1313
Schedule 1 requires and nothing it does not."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.challenges.choices import BODY_TYPES, PARTNER_ROLES
from app.core.forms import (
    GovukCheckboxField,
    GovukEmailField,
    GovukFileField,
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
)

LONG_TEXT = 10000
TOO_LONG = _l("Use 10,000 characters or fewer")


def long_answer(label, required_message, hint=None) -> TextAreaField:
    return GovukTextareaField(
        label,
        description=hint,
        validators=[DataRequired(required_message), Length(max=LONG_TEXT, message=TOO_LONG)],
    )


class StepForm(PortalForm):
    """A step: its fields are saved in the draft under their own names."""

    submit = GovukSubmitButton(_l("Save and continue"))

    def answers(self) -> dict:
        skip = {"csrf_token", "submit"}
        return {
            name: (field.data.strip() if isinstance(field.data, str) else field.data)
            for name, field in self._fields.items()
            if name not in skip
        }


class BodyForm(StepForm):
    body_name = GovukTextInputField(
        _l("Name of your organisation or group"),
        description=_l("For a group of council employees, a name you will be known by."),
        validators=[
            DataRequired(_l("Enter the name of your organisation or group")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    body_type = GovukRadiosField(
        _l("What kind of body is it?"),
        choices=list(BODY_TYPES.items()),
        validators=[DataRequired(_l("Select what kind of body it is"))],
    )
    registration_number = GovukTextInputField(
        _l("Charity or company number (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Use 40 characters or fewer"))],
    )

    # No kind of body is refused here: whether the sender is a relevant body
    # (Localism Act 2011 s.81(6)) is recorded and the council decides, on the
    # first ground for rejection if it must (SI 2012/1647).


class ContactForm(StepForm):
    contact_name = GovukTextInputField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter your full name")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    contact_role = GovukTextInputField(
        _l("Your role in the organisation or group"),
        validators=[
            DataRequired(_l("Enter your role in the organisation or group")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    contact_email = GovukEmailField(
        _l("Email address"),
        description=_l("We will send the acknowledgement and the council’s decision here."),
        validators=[
            DataRequired(_l("Enter your email address")),
        ],
    )
    contact_phone = GovukTextInputField(
        _l("Telephone number (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Use 40 characters or fewer"))],
    )

    def answers(self) -> dict:
        data = super().answers()
        data["contact_email"] = data["contact_email"].lower()
        return data


class ServiceForm(StepForm):
    # Choices are the services the council lists and "another service" (0),
    # set by the view: a body may name any service the council provides
    # (Localism Act 2011 s.81(1), (5)), not only those listed.
    service_id = GovukRadiosField(
        _l("Which service do you want to run?"),
        coerce=int,
        validators=[InputRequired(_l("Select the service you want to run"))],
    )
    other_service_name = GovukTextInputField(
        _l("Name of the service"),
        description=_l("As you know it: the council will find the right name."),
        validators=[Optional(), Length(max=200, message=_l("Use 200 characters or fewer"))],
    )
    other_service_description = GovukTextareaField(
        _l("What the service does, and where"),
        validators=[Optional(), Length(max=LONG_TEXT, message=TOO_LONG)],
    )
    area = long_answer(
        _l("Which part of the borough would you cover?"),
        _l("Enter the part of the borough you would cover"),
        _l("The whole borough, or the wards, towns or villages."),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.service_id.data == 0:
            for field, message in (
                (self.other_service_name, _("Enter the name of the service")),
                (self.other_service_description, _("Enter what the service does, and where")),
            ):
                if not (field.data or "").strip() and not field.errors:
                    field.errors.append(message)
                    valid = False
        return valid

    def answers(self) -> dict:
        data = super().answers()
        if data["service_id"] != 0:
            data["other_service_name"] = data["other_service_description"] = ""
        return data


class FinanceForm(StepForm):
    financial_resources = long_answer(
        _l("What financial resources does your body have?"),
        _l("Enter your body’s financial resources"),
        _l(
            "Your income and reserves, with your latest accounts if you have them, and "
            "any funding or loans you have been promised to run the service."
        ),
    )


class CapabilityForm(StepForm):
    capability = long_answer(
        _l("How will you be able to run the service by the time it is procured?"),
        _l("Enter how you will be able to run the service"),
        _l(
            "Your experience of running similar services, the staff, volunteers, "
            "premises and skills you have or will have, and any quality standards you meet."
        ),
    )
    delivered_by = long_answer(
        _l("Who would deliver the service?"),
        _l("Enter who would deliver the service"),
        _l("Your body alone, or with the partners you name later."),
    )


class OutcomesForm(StepForm):
    outcomes = long_answer(
        _l("What outcomes would you achieve?"),
        _l("Enter the outcomes you would achieve"),
        _l("What would be better for the people who use the service, and how you would show it."),
    )
    wellbeing = long_answer(
        _l("How would the outcomes improve the area’s well-being?"),
        _l("Enter how the outcomes would improve the area’s well-being"),
        _l("Social, economic or environmental: jobs, volunteering, local spending, less travel."),
    )


class UsersForm(StepForm):
    users_needs = long_answer(
        _l("How would you meet the needs of the people who use the service?"),
        _l("Enter how you would meet the needs of the people who use the service"),
        _l("Include people with disabilities and others who find services hard to reach."),
    )


class EmployeesForm(StepForm):
    engagement = long_answer(
        _l("How will you involve other council employees affected?"),
        _l("Enter how you will involve other council employees affected"),
        _l("How you will tell them, listen to them and include them, and when."),
    )


class PartnerForm(PortalForm):
    name = GovukTextInputField(
        _l("Name of the organisation"),
        validators=[
            DataRequired(_l("Enter the name of the organisation")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    role = GovukRadiosField(
        _l("What would it be?"),
        choices=list(PARTNER_ROLES.items()),
        validators=[DataRequired(_l("Select whether it is a consortium member or subcontractor"))],
    )
    financial_resources = long_answer(
        _l("What financial resources does it have?"),
        _l("Enter its financial resources"),
    )
    capability = long_answer(
        _l("How will it be able to help run the service by the time it is procured?"),
        _l("Enter how it will be able to help run the service"),
    )
    submit = GovukSubmitButton(_l("Add this organisation"))

    def answers(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "role": self.role.data,
            "financial_resources": self.financial_resources.data.strip(),
            "capability": self.capability.data.strip(),
        }


class ContinueForm(PortalForm):
    """A step with nothing to type: the button carries CSRF."""

    submit = GovukSubmitButton(_l("Continue"))


class DocumentForm(PortalForm):
    document = GovukFileField(
        _l("Upload a file"),
        description=_l("PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX) or ODS."),
    )
    upload = GovukSubmitButton(_l("Upload"))
    submit = GovukSubmitButton(_l("Continue"))


class DeclarationForm(PortalForm):
    declaration = GovukCheckboxField(
        _l(
            "I confirm that the information given is true and complete, and that I am "
            "authorised to send this expression of interest for the body named"
        ),
        validators=[
            DataRequired(_l("Confirm the declaration to send your expression of interest"))
        ],
    )
    submit = GovukSubmitButton(_l("Send expression of interest"))


class SaveForm(PortalForm):
    email = GovukEmailField(
        _l("Email address"),
        description=_l("We will send a link that opens your answers. It works for 28 days."),
        validators=[
            DataRequired(_l("Enter your email address")),
        ],
    )
    submit = GovukSubmitButton(_l("Send me a link"))
