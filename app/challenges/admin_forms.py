"""Staff forms for the services open to challenge and their windows."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.challenges.choices import EXCLUSION_CITATIONS, STATUTORY_EXCLUSIONS
from app.core.forms import (
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
    UKDateField,
    WholeNumberField,
)
from app.core.staff_fields import service_area_field

NOT_EXCLUDED = "none"


class ServiceForm(PortalForm):
    name = GovukTextInputField(
        _l("Name of the service"),
        thing=_l("the name of the service"),
        validators=[DataRequired(_l("Enter the name of the service")), Length(max=200)],
    )
    name_cy = GovukTextInputField(
        _l("Name in Welsh (optional)"),
        thing=_l("the name in Welsh"),
        validators=[Optional(), Length(max=200)],
    )
    description = GovukTextareaField(
        _l("What the service does"),
        description=_l("Plain words: who uses it, where and how it is run today."),
        validators=[
            DataRequired(_l("Enter what the service does")),
            Length(max=4000, message=_l("Use 4,000 characters or fewer")),
        ],
    )
    description_cy = GovukTextareaField(
        _l("What the service does, in Welsh (optional)"),
        validators=[Optional(), Length(max=4000, message=_l("Use 4,000 characters or fewer"))],
    )
    service_area_id = service_area_field()
    # Excluded only on a statutory exclusion in force (SI 2012/1313 reg.4(1) and
    # Sch.2): a fixed list, never a free switch. Choices are set in __init__;
    # the spent ones (Sch.2 paras.2-3, reg.4(2)) are never offered.
    exclusion_code = GovukRadiosField(
        _l("Is the service excluded from the right to challenge by law?"),
        validators=[InputRequired(_l("Select whether the service is excluded by law"))],
    )
    exclusion_reason = GovukTextareaField(
        _l("How the exclusion applies to this service"),
        description=_l("Published next to the service. Required when it is excluded."),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    exclusion_reason_cy = GovukTextareaField(
        _l("Why it is excluded, in Welsh (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    decision_period_days = WholeNumberField(
        _l("Days the council takes to decide"),
        description=_l("The published period, counted from when the council has the EOI."),
        validators=[
            InputRequired(_l("Enter the days the council takes to decide")),
            NumberRange(1, 365, message=_l("Days to decide must be between 1 and 365")),
        ],
    )
    procurement_min_months = WholeNumberField(
        _l("Shortest time before procurement starts, in months"),
        validators=[
            InputRequired(_l("Enter the shortest time before procurement starts")),
            NumberRange(1, 60, message=_l("Months must be between 1 and 60")),
        ],
    )
    procurement_max_months = WholeNumberField(
        _l("Longest time before procurement starts, in months"),
        validators=[
            InputRequired(_l("Enter the longest time before procurement starts")),
            NumberRange(1, 60, message=_l("Months must be between 1 and 60")),
        ],
    )
    submit = GovukSubmitButton(_l("Save"))

    def __init__(self, *args, **kwargs) -> None:
        obj = kwargs.get("obj")
        if obj is not None and "exclusion_code" not in kwargs:
            # A spent exclusion is not offered: nothing is chosen, so staff choose again.
            kwargs["exclusion_code"] = (
                None if obj.spent_exclusion else (obj.exclusion_code or NOT_EXCLUDED)
            )
        super().__init__(*args, **kwargs)
        self.exclusion_code.choices = [
            (NOT_EXCLUDED, _("No, it is open to challenge")),
            *(
                (code, f"{label} ({EXCLUSION_CITATIONS[code]})")
                for code, label in STATUTORY_EXCLUSIONS.items()
            ),
        ]

    @property
    def excluded(self) -> bool:
        return self.exclusion_code.data in STATUTORY_EXCLUSIONS

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.excluded and not (self.exclusion_reason.data or "").strip():
            self.exclusion_reason.errors.append(_("Enter why the service is excluded"))
            valid = False
        low, high = self.procurement_min_months.data, self.procurement_max_months.data
        if low and high and high < low and not self.procurement_max_months.errors:
            self.procurement_max_months.errors.append(
                _("The longest time must be at least the shortest time")
            )
            valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "name_cy": (self.name_cy.data or "").strip(),
            "description": self.description.data.strip(),
            "description_cy": (self.description_cy.data or "").strip(),
            "service_area_id": self.service_area_id.data,
            "exclusion_code": self.exclusion_code.data if self.excluded else None,
            "exclusion_reason": (self.exclusion_reason.data or "").strip() if self.excluded else "",
            "exclusion_reason_cy": (self.exclusion_reason_cy.data or "").strip()
            if self.excluded
            else "",
            "decision_period_days": self.decision_period_days.data,
            "procurement_min_months": self.procurement_min_months.data,
            "procurement_max_months": self.procurement_max_months.data,
        }


class WindowForm(PortalForm):
    opens_on = UKDateField(_l("Opens on"))
    closes_on = UKDateField(_l("Closes on"))
    submit = GovukSubmitButton(_l("Add the window"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field, message in (
            (self.opens_on, _("Enter the date the window opens")),
            (self.closes_on, _("Enter the date the window closes")),
        ):
            if field.data is None and not field.errors:
                field.errors.append(message)
                valid = False
        if self.opens_on.data and self.closes_on.data and self.closes_on.data < self.opens_on.data:
            self.closes_on.errors.append(_("The window must close on or after the day it opens"))
            valid = False
        return valid


class RemoveWindowForm(PortalForm):
    """A button: a POST with CSRF."""
