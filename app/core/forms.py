"""Form pieces every capability uses: a GOV.UK date input that speaks Welsh
and never fails on a missing part, money typed the way people write it, and
the error summary's links."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import Field, StringField


class UKDateInput(GovDateInput):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["value"] = None
        return self.render(self.map_gov_params(field, **kwargs))

    def map_gov_params(self, field, **kwargs):
        raw = list(field.raw_data or [])
        if raw:
            day, month, year = [*raw, "", "", ""][:3]
        elif field.data:
            day, month, year = field.data.strftime("%d %m %Y").split(" ")
        else:
            day = month = year = ""
        params = super(GovDateInput, self).map_gov_params(field, **kwargs)
        params.pop("label", None)
        params["attributes"].pop("required", None)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        error = " govuk-input--error" if field.errors else ""
        params["items"] = [
            {
                "label": _("Day"),
                "id": f"{field.name}-day",
                "name": field.name,
                "classes": "govuk-input--width-2" + error,
                "value": day,
            },
            {
                "label": _("Month"),
                "id": f"{field.name}-month",
                "name": field.name,
                "classes": "govuk-input--width-2" + error,
                "value": month,
            },
            {
                "label": _("Year"),
                "id": f"{field.name}-year",
                "name": field.name,
                "classes": "govuk-input--width-4" + error,
                "value": year,
            },
        ]
        return params


class UKDateField(Field):
    """Three boxes (day, month, year); blank means no date."""

    widget = UKDateInput()
    first_input_suffix = "-day"

    def _value(self):
        return ""

    def process_formdata(self, valuelist):
        parts = [part.strip() for part in [*valuelist, "", "", ""][:3]]
        if not any(parts):
            self.data = None
            return
        self.data = None
        if not all(parts):
            raise ValueError(
                _("%(label)s must include a day, month and year", label=self.label.text)
            )
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise ValueError(_("%(label)s must be a real date", label=self.label.text))
        try:
            self.data = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError as exc:
            raise ValueError(_("%(label)s must be a real date", label=self.label.text)) from exc


# Shown when a select or radio answer is not one of the choices offered
# (only a tampered form can send one).
NOT_A_CHOICE = _l("Select one of the options")


def optional_int(value) -> int | None:
    """A chosen id, or None for the empty placeholder or anything tampered with."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$", re.ASCII)
# Far above any contract a council lets, and far below what the database's
# 64-bit column holds.
MAX_MONEY = 999_999_999_999


class MoneyField(StringField):
    """Whole pounds, accepting "£1,250,000", "1250000" or "1,250,000.00"."""

    widget = GovTextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:,}" if self.data is not None else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        if not text:
            self.data = None
            return
        match = _MONEY.match(text)
        if not match:
            self.data = None
            raise ValueError(
                _("%(label)s must be an amount in pounds, like £250,000", label=self.label.text)
            )
        self.data = int(match.group(1).replace(",", ""))
        if self.data > MAX_MONEY:
            self.data = None
            raise ValueError(_("%(label)s must be £999,999,999,999 or less", label=self.label.text))


class WholeNumberField(StringField):
    """A whole number typed in a text box (GOV.UK advises against type=number)."""

    widget = GovTextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", "")
        if not text:
            self.data = None
            return
        # isascii: "²" and other Unicode digits are digits to isdigit, not to int.
        if not (text.isascii() and text.isdigit()):
            self.data = None
            raise ValueError(_("%(label)s must be a whole number", label=self.label.text))
        self.data = int(text)


def error_list(form) -> list[dict]:
    """The error summary's entries, each linking to the input to fix."""
    entries = []
    for field in form:
        if field.errors:
            suffix = getattr(field, "first_input_suffix", "")
            entries.append({"text": field.errors[0], "href": f"#{field.id}{suffix}"})
    return entries
