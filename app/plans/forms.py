"""The staff form for a plan item."""

from __future__ import annotations

from itertools import pairwise

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.cpv import CPV_DIVISIONS, cpv_code
from app.core.forms import (
    GovukCheckboxesField,
    GovukEmailField,
    GovukRadiosField,
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    MoneyField,
    PortalForm,
    UKDateField,
    WholeNumberField,
)
from app.core.staff_fields import (
    html_field,
    service_area_field,
    summary_field,
    title_field,
    welsh_markdown_field,
    welsh_summary_field,
    welsh_title_field,
)
from app.plans.choices import (
    COMMISSIONING_ROUTES,
    CYCLE_STAGES,
    PROCUREMENT_ROUTES,
    SOCIAL_VALUE_PRIORITIES,
)
from app.plans.pipeline import MAIN_CATEGORIES


class PlanItemForm(PortalForm):
    title = title_field()
    summary = summary_field(_l("One or two sentences in plain English. Shown in search results."))
    description_html = html_field(_l("Description"), _l("the description"))
    title_cy = welsh_title_field()
    summary_cy = welsh_summary_field()
    description_html_cy = welsh_markdown_field(
        _l("Description in Welsh (optional)"), _l("the description in Welsh")
    )
    service_area_id = service_area_field()
    commissioning_route = GovukRadiosField(
        _l("Commissioning route"),
        choices=list(COMMISSIONING_ROUTES.items()),
        validators=[DataRequired(_l("Select a commissioning route"))],
    )
    cycle_stage = GovukRadiosField(
        _l("Stage in the commissioning cycle"),
        choices=list(CYCLE_STAGES.items()),
        validators=[DataRequired(_l("Select a stage"))],
    )
    procurement_route = GovukSelectField(
        _l("Procurement route"),
        choices=[("", _l("Select a procurement route")), *PROCUREMENT_ROUTES.items()],
        validators=[DataRequired(_l("Select a procurement route"))],
    )
    cpv_division = GovukSelectField(
        _l("What kind of work it is (CPV division)"),
        description=_l(
            "Suppliers who chose this kind of work get an alert when the item is published "
            "or changes, as well as those who chose its service area."
        ),
        choices=[("", _l("Not chosen")), *CPV_DIVISIONS.items()],
        validators=[Optional()],
    )
    estimated_annual_value = MoneyField(_l("Estimated annual value"), validators=[Optional()])
    estimated_total_value = MoneyField(
        _l("Estimated total value"),
        description=_l("Over the whole contract, including any extension"),
        validators=[Optional()],
    )
    contract_length_months = WholeNumberField(
        _l("Contract length in months"),
        validators=[
            Optional(),
            NumberRange(1, 600, message=_l("Contract length must be between 1 and 600 months")),
        ],
    )
    extension_months = WholeNumberField(
        _l("Possible extension in months"),
        validators=[
            Optional(),
            NumberRange(0, 600, message=_l("Extension must be between 0 and 600 months")),
        ],
    )
    market_engagement_date = UKDateField(_l("Market engagement"))
    tender_publication_date = UKDateField(_l("Tender publication"))
    award_date = UKDateField(_l("Contract award"))
    contract_start_date = UKDateField(_l("Contract start"))
    suitable_for = GovukCheckboxesField(
        _l("Suitable for"),
        choices=[
            ("sme", _l("Small and medium-sized businesses")),
            ("vcs", _l("Voluntary and community organisations")),
        ],
        validators=[Optional()],
    )
    social_value_priorities = GovukCheckboxesField(
        _l("Social value priorities"),
        choices=list(SOCIAL_VALUE_PRIORITIES.items()),
        validators=[Optional()],
    )
    contact_name = GovukTextInputField(
        _l("Contact name"),
        thing=_l("the contact name"),
        validators=[DataRequired(_l("Enter a contact name")), Length(max=120)],
    )
    contact_email = GovukEmailField(
        _l("Contact email address"),
        validators=[
            DataRequired(_l("Enter a contact email address")),
        ],
    )
    contact_phone = GovukTextInputField(
        _l("Contact telephone (optional)"),
        thing=_l("the contact telephone number"),
        validators=[Optional(), Length(max=40)],
    )
    # --- What a pipeline notice (UK1) needs (app/plans/pipeline.py).
    main_category = GovukRadiosField(
        _l("Main category (optional)"),
        choices=list(MAIN_CATEGORIES.items()),
        validators=[Optional()],
    )
    cpv_codes = GovukTextareaField(
        _l("CPV codes (optional)"),
        thing=_l("the CPV codes"),
        description=_l("One eight-digit code on each line, like 85311100."),
        validators=[Optional(), Length(max=2000)],
    )
    estimated_notice_date = UKDateField(_l("Estimated date of the tender or transparency notice"))
    value_gross = MoneyField(
        _l("Estimated total value including VAT"),
        description=_l("The value the Procurement Act 2023 counts for a pipeline notice."),
        validators=[Optional()],
    )
    contract_kind = GovukCheckboxesField(
        _l("Kind of contract (optional)"),
        choices=[
            ("framework", _l("A framework")),
            ("dynamic_market", _l("A dynamic market")),
        ],
        validators=[Optional()],
    )
    submit = GovukSubmitButton(_l("Save"))

    def validate_cpv_codes(self, field) -> None:
        unknown = [line.strip() for line in _lines(field.data) if not cpv_code(line)]
        if unknown:
            raise ValidationError(
                _("%(code)s is not a CPV code the portal knows", code=unknown[0][:20])
            )

    DATE_ORDER = (
        "market_engagement_date",
        "tender_publication_date",
        "award_date",
        "contract_start_date",
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dates = [(name, getattr(self, name)) for name in self.DATE_ORDER]
        known = [(name, field) for name, field in dates if field.data and not field.errors]
        for (_first, earlier), (_second, later) in pairwise(known):
            if later.data < earlier.data:
                later.errors.append(
                    _(
                        "%(later)s must be on or after %(earlier)s",
                        later=later.label.text,
                        earlier=earlier.label.text.lower(),
                    )
                )
                valid = False
        annual, total = self.estimated_annual_value.data, self.estimated_total_value.data
        if annual is not None and total is not None and total < annual:
            self.estimated_total_value.errors.append(
                _("Estimated total value must be at least the annual value")
            )
            valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "summary": " ".join(self.summary.data.split()),
            "description_html": self.description_html.data or "",
            "service_area_id": self.service_area_id.data,
            "commissioning_route": self.commissioning_route.data,
            "cycle_stage": self.cycle_stage.data,
            "procurement_route": self.procurement_route.data,
            "cpv_division": self.cpv_division.data or None,
            "estimated_annual_value": self.estimated_annual_value.data,
            "estimated_total_value": self.estimated_total_value.data,
            "contract_length_months": self.contract_length_months.data,
            "extension_months": self.extension_months.data,
            "market_engagement_date": self.market_engagement_date.data,
            "tender_publication_date": self.tender_publication_date.data,
            "award_date": self.award_date.data,
            "contract_start_date": self.contract_start_date.data,
            "suitable_for_sme": "sme" in (self.suitable_for.data or []),
            "suitable_for_vcs": "vcs" in (self.suitable_for.data or []),
            "social_value_priorities": list(self.social_value_priorities.data or []),
            "contact_name": self.contact_name.data.strip(),
            "contact_email": self.contact_email.data.strip().lower(),
            "contact_phone": (self.contact_phone.data or "").strip() or None,
            "title_cy": (self.title_cy.data or "").strip(),
            "summary_cy": " ".join((self.summary_cy.data or "").split()),
            "description_html_cy": self.description_html_cy.data or "",
            **self._pipeline_data(),
        }

    def _pipeline_data(self) -> dict:
        codes = [cpv_code(line) for line in _lines(self.cpv_codes.data)]
        kinds = self.contract_kind.data or []
        return {
            "main_category": self.main_category.data or None,
            "cpv_codes": list(dict.fromkeys(code for code in codes if code)),
            "estimated_notice_date": self.estimated_notice_date.data,
            "value_gross": self.value_gross.data,
            "is_framework": "framework" in kinds,
            "is_dynamic_market": "dynamic_market" in kinds,
        }

    def fill_from(self, item) -> None:
        for name in self._fields:
            if hasattr(item, name) and name not in {"submit", "csrf_token", "cpv_codes"}:
                getattr(self, name).data = getattr(item, name)
        self.cpv_codes.data = "\n".join(item.cpv_codes or [])
        self.contract_kind.data = [
            code
            for code, flag in (
                ("framework", item.is_framework),
                ("dynamic_market", item.is_dynamic_market),
            )
            if flag
        ]
        self.suitable_for.data = [
            code
            for code, flag in (("sme", item.suitable_for_sme), ("vcs", item.suitable_for_vcs))
            if flag
        ]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LotForm(PortalForm):
    """One lot of a plan item: its title in English and Welsh, its values and period."""

    title = GovukTextInputField(
        _l("Lot title"),
        thing=_l("the lot title"),
        validators=[DataRequired(_l("Enter a title for the lot")), Length(max=200)],
    )
    title_cy = GovukTextInputField(
        _l("Lot title in Welsh (optional)"),
        thing=_l("the lot title in Welsh"),
        validators=[Optional(), Length(max=200)],
    )
    value = MoneyField(_l("Estimated value excluding VAT (optional)"), validators=[Optional()])
    value_gross = MoneyField(
        _l("Estimated value including VAT (optional)"), validators=[Optional()]
    )
    start_date = UKDateField(_l("Contract start (optional)"))
    end_date = UKDateField(_l("Contract end (optional)"))
    submit = GovukSubmitButton(_l("Save lot"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        net, gross = self.value.data, self.value_gross.data
        if net is not None and gross is not None and gross < net:
            self.value_gross.errors.append(
                _("The value including VAT must be at least the value excluding VAT")
            )
            valid = False
        start, end = self.start_date, self.end_date
        both = start.data and end.data and not start.errors and not end.errors
        if both and end.data < start.data:
            end.errors.append(_("The contract end must be on or after its start"))
            valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "title": " ".join(self.title.data.split()),
            "title_cy": " ".join((self.title_cy.data or "").split()),
            "value": self.value.data,
            "value_gross": self.value_gross.data,
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
        }

    def fill_from(self, lot) -> None:
        for name in ("title", "title_cy", "value", "value_gross", "start_date", "end_date"):
            getattr(self, name).data = getattr(lot, name)


class StatusForm(PortalForm):
    """The publish, withdraw and return-to-draft buttons: a POST with CSRF."""
