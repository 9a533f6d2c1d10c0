"""The supplier's registration and profile form, and the sign-in form."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import (
    GovukCheckboxesField,
    GovukEmailField,
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextInputField,
    PortalForm,
    WholeNumberField,
)
from app.suppliers.choices import (
    ALERT_FREQUENCIES,
    BALANCE_SHEET_BANDS,
    CPV_DIVISIONS,
    LEGAL_FORMS,
    NEEDS_CHARITY_NUMBER,
    NEEDS_COMPANY_NUMBER,
    TURNOVER_BANDS,
)
from app.suppliers.identifiers import (
    ALL_ZERO,
    BELONGS_IN_CHARITY_BOX,
    BELONGS_IN_COMPANY_BOX,
    check_charity_number,
    check_company_number,
    normalise_postcode,
)

_CDP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{3,59}$")


def _charity_message(problem: str) -> str:
    if problem == ALL_ZERO:
        return _("Enter your real charity number: a charity number cannot be all zeros")
    if problem == BELONGS_IN_COMPANY_BOX:
        return _(
            "That looks like a Companies House or FCA mutuals number, not a charity number. "
            "Enter it in the Companies House number box"
        )
    return _(
        "Enter a charity number in the correct format, like 1234567, 1234567-1 for a "
        "linked charity, SC012345 or NIC101234"
    )


def _company_message(problem: str) -> str:
    if problem == ALL_ZERO:
        return _("Enter your real Companies House number: it cannot be all zeros")
    if problem == BELONGS_IN_CHARITY_BOX:
        return _(
            "That looks like a charity number, not a Companies House number. "
            "Enter it in the charity number box"
        )
    return _(
        "Enter a Companies House number in the correct format, like 01234567, SC123456 "
        "or OC301234, or an FCA mutuals number like 12345R"
    )


def _email_field(label):
    return GovukEmailField(
        label,
        validators=[DataRequired(_l("Enter an email address"))],
    )


class ProfileForm(PortalForm):
    """What a supplier tells us about the organisation, used to register and
    to change the profile later."""

    name = GovukTextInputField(
        _l("Organisation name"),
        validators=[
            DataRequired(_l("Enter the name of your organisation")),
            Length(max=200, message=_l("Organisation name must be 200 characters or fewer")),
        ],
    )
    legal_form = GovukRadiosField(
        _l("Legal form"),
        choices=list(LEGAL_FORMS.items()),
        validators=[DataRequired(_l("Select the legal form of your organisation"))],
    )
    charity_number = GovukTextInputField(
        _l("Charity number (if you have one)"),
        thing=_l("your charity number"),
        description=_l(
            "England and Wales: 6 or 7 digits, and a linked charity’s own number after a "
            "hyphen, like 1234567-1. Scotland: SC0 and 5 digits. Northern Ireland: NIC and "
            "6 digits."
        ),
        validators=[Optional(), Length(max=20)],
    )
    company_number = GovukTextInputField(
        _l("Companies House number (if you have one)"),
        thing=_l("your Companies House number"),
        description=_l(
            "8 characters, for example 01234567, SC123456 or OC301234. A co-operative or "
            "community benefit society can give its FCA mutuals register number, like 12345R."
        ),
        validators=[Optional(), Length(max=20)],
    )
    cdp_id = GovukTextInputField(
        _l("Central Digital Platform supplier identifier (optional)"),
        thing=_l("your supplier identifier"),
        description=_l("If you have registered on the government’s Find a Tender service"),
        validators=[Optional(), Length(max=60)],
    )
    staff_count = WholeNumberField(
        _l("Number of paid staff"),
        description=_l("Count part-time staff as one each. Enter 0 if you have none."),
        validators=[
            InputRequired(_l("Enter the number of paid staff")),
            NumberRange(0, 10_000_000, message=_l("Enter a realistic number of staff")),
        ],
    )
    volunteer_count = WholeNumberField(
        _l("Number of volunteers"),
        description=_l("Enter 0 if you have none."),
        validators=[
            InputRequired(_l("Enter the number of volunteers")),
            NumberRange(0, 10_000_000, message=_l("Enter a realistic number of volunteers")),
        ],
    )
    turnover_band = GovukRadiosField(
        _l("Annual turnover"),
        choices=list(TURNOVER_BANDS.items()),
        validators=[DataRequired(_l("Select your annual turnover"))],
    )
    balance_sheet_band = GovukRadiosField(
        _l("Balance sheet total (optional)"),
        choices=list(BALANCE_SHEET_BANDS.items()),
        validators=[Optional()],
    )
    vcse = GovukCheckboxesField(
        _l("Voluntary, community or social enterprise"),
        choices=[
            (
                "yes",
                _l(
                    "We are a voluntary, community or social enterprise (VCSE) organisation: "
                    "not for profit, and we reinvest any surplus in our purpose"
                ),
            )
        ],
        validators=[Optional()],
    )
    postcode = GovukTextInputField(
        _l("Postcode of your main office"),
        thing=_l("the postcode"),
        validators=[DataRequired(_l("Enter a postcode")), Length(max=10)],
    )
    service_areas = GovukCheckboxesField(
        _l("Council services you are interested in"),
        coerce=str,
        validators=[Optional()],
    )
    cpv_divisions = GovukCheckboxesField(
        _l("What you supply"),
        choices=[(code, label) for code, label in CPV_DIVISIONS.items()],
        validators=[Optional()],
    )
    alert_frequency = GovukRadiosField(
        _l("Opportunity alerts"),
        choices=list(ALERT_FREQUENCIES.items()),
        default="weekly",
        validators=[DataRequired(_l("Select how often you want alerts"))],
    )
    news_opt_in = GovukCheckboxesField(
        _l("News"),
        choices=[("yes", _l("Send me occasional news about commissioning at the council"))],
        validators=[Optional()],
    )
    submit = GovukSubmitButton(_l("Save"))

    def __init__(self, *args, area_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service_areas.choices = list(area_choices)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        legal_form = self.legal_form.data
        if self.charity_number.data and not self.charity_number.errors:
            checked = check_charity_number(self.charity_number.data)
            if checked.problem:
                self.charity_number.errors.append(_charity_message(checked.problem))
                valid = False
            else:
                self.charity_number.data = checked.number
        elif legal_form in NEEDS_CHARITY_NUMBER and not self.charity_number.errors:
            self.charity_number.errors.append(_("Enter your charity number"))
            valid = False
        if self.company_number.data and not self.company_number.errors:
            checked = check_company_number(self.company_number.data)
            if checked.problem:
                self.company_number.errors.append(_company_message(checked.problem))
                valid = False
            else:
                self.company_number.data = checked.number
        elif legal_form in NEEDS_COMPANY_NUMBER and not self.company_number.errors:
            self.company_number.errors.append(_("Enter your Companies House number"))
            valid = False
        if self.cdp_id.data and not _CDP_ID.match(self.cdp_id.data.strip()):
            self.cdp_id.errors.append(
                _("Supplier identifier must be letters, numbers and hyphens only")
            )
            valid = False
        if self.postcode.data and not self.postcode.errors:
            postcode = normalise_postcode(self.postcode.data)
            if postcode is None:
                self.postcode.errors.append(_("Enter a real postcode, like EW1 2AB"))
                valid = False
            else:
                self.postcode.data = postcode
        return valid

    def profile_data(self) -> dict:
        return {
            "name": " ".join(self.name.data.split()),
            "legal_form": self.legal_form.data,
            "charity_number": self.charity_number.data or None,
            "company_number": self.company_number.data or None,
            "cdp_id": (self.cdp_id.data or "").strip().upper() or None,
            "staff_count": self.staff_count.data,
            "volunteer_count": self.volunteer_count.data,
            "turnover_band": self.turnover_band.data,
            "balance_sheet_band": self.balance_sheet_band.data or None,
            "is_vcse": "yes" in (self.vcse.data or []),
            "postcode": self.postcode.data,
            "service_area_slugs": list(self.service_areas.data or []),
            "cpv_divisions": [c for c in CPV_DIVISIONS if c in (self.cpv_divisions.data or [])],
            "alert_frequency": self.alert_frequency.data,
            "news_opt_in": "yes" in (self.news_opt_in.data or []),
        }

    def fill_from(self, supplier) -> None:
        for name in ("name", "legal_form", "charity_number", "company_number", "cdp_id"):
            getattr(self, name).data = getattr(supplier, name)
        for name in ("staff_count", "volunteer_count", "turnover_band", "balance_sheet_band"):
            getattr(self, name).data = getattr(supplier, name)
        self.vcse.data = ["yes"] if supplier.is_vcse else []
        self.postcode.data = supplier.postcode
        self.service_areas.data = [area.slug for area in supplier.service_areas]
        self.cpv_divisions.data = list(supplier.cpv_divisions or [])
        self.alert_frequency.data = supplier.alert_frequency
        self.news_opt_in.data = ["yes"] if supplier.news_opt_in else []


class RegistrationForm(ProfileForm):
    """The profile plus the first contact, who signs in for the organisation."""

    contact_name = GovukTextInputField(
        _l("Your full name"),
        validators=[
            DataRequired(_l("Enter your full name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
    )
    contact_email = _email_field(_l("Email address"))
    contact_phone = GovukTextInputField(
        _l("Telephone number (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Telephone number is too long"))],
    )

    def contact_data(self) -> dict:
        return {
            "name": " ".join(self.contact_name.data.split()),
            "email": self.contact_email.data.strip().lower(),
            "phone": (self.contact_phone.data or "").strip() or None,
        }

    def flag_duplicates(self, duplicates: set[str]) -> None:
        """Show which answers match an organisation or person already registered."""
        for name in sorted(duplicates):
            field = self.contact_email if name == "email" else getattr(self, name)
            field.errors = [*field.errors, DUPLICATE_MESSAGES[name]()]


DUPLICATE_MESSAGES = {
    "charity_number": lambda: _("An organisation with this charity number is already registered"),
    "company_number": lambda: _(
        "An organisation with this Companies House number is already registered"
    ),
    "email": lambda: _("This email address is already registered"),
}


class ContactForm(PortalForm):
    """Another person who can sign in for the organisation."""

    name = GovukTextInputField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter their full name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
    )
    email = _email_field(_l("Email address"))
    phone = GovukTextInputField(
        _l("Telephone number (optional)"),
        validators=[Optional(), Length(max=40, message=_l("Telephone number is too long"))],
    )
    submit = GovukSubmitButton(_l("Add contact"))


class SignInForm(PortalForm):
    email = _email_field(_l("Email address"))
    submit = GovukSubmitButton(_l("Send me a sign-in link"))


class SignOutForm(PortalForm):
    submit = GovukSubmitButton(_l("Sign out"))
