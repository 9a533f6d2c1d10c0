"""Form pieces every capability uses: GOV.UK fields that carry their widget
and their messages, a base form that strips what people type, a date input
that speaks Welsh and never fails on a missing part, money and times typed
the way people write them, and the error summary's links.

A field's messages are built from the `thing=` it asks for and its limits,
so no field can show WTForms' own English default ("This field is
required.", "Field cannot be longer than 200 characters."): a field that
would needs a `thing=`, and says so when its form is first built."""

from __future__ import annotations

import copy
import re
from datetime import date
from functools import lru_cache

from babel import support
from flask import current_app, has_request_context
from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovFileInput,
)
from wtforms import (
    BooleanField,
    Field,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.i18n import messages_path
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange

from app.core.blank_widgets import (
    BlankOnceCheckbox,
    BlankOnceCheckboxes,
    BlankOncePasswordInput,
    BlankOnceRadios,
    BlankOnceSelect,
    BlankOnceSubmit,
    BlankOnceTextArea,
    BlankOnceTextInput,
)
from app.core.london_time import parse_time

# Shown when a select or radio answer is not one of the choices offered
# (only a tampered form can send one).
NOT_A_CHOICE = _l("Select one of the options")
EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")
WEB_ADDRESS_FORMAT = _l("Enter a web address in the correct format, like https://www.example.com")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value) -> str:
    return f"{value:,}"


def _enter(thing):
    return LazyString(lambda: _("Enter %(thing)s", thing=thing))


def _select(thing):
    return LazyString(lambda: _("Select %(thing)s", thing=thing))


def _length(thing, low: int, high: int):
    """GOV.UK's "[whatever it is] must be [number] characters or fewer"."""

    def message() -> str:
        if low > 0 and high > -1:
            text = _(
                "%(thing)s must be between %(min)s and %(max)s characters",
                thing=thing,
                min=_number(low),
                max=_number(high),
            )
        elif low > 0:
            text = _("%(thing)s must be %(min)s characters or more", thing=thing, min=_number(low))
        else:
            text = _(
                "%(thing)s must be %(max)s characters or fewer", thing=thing, max=_number(high)
            )
        return _capitalised(text)

    return LazyString(message)


def _number_range(thing, low, high):
    def message() -> str:
        if low is not None and high is not None:
            text = _(
                "%(thing)s must be between %(min)s and %(max)s",
                thing=thing,
                min=_number(low),
                max=_number(high),
            )
        elif low is not None:
            text = _("%(thing)s must be %(min)s or more", thing=thing, min=_number(low))
        else:
            text = _("%(thing)s must be %(max)s or less", thing=thing, max=_number(high))
        return _capitalised(text)

    return LazyString(message)


def _with_messages(field_class, validators, thing, required_message):
    """The validators, each given the portal's message where it has none.

    Copies, so a validator shared between fields keeps its own message."""
    given = []
    for validator in validators or ():
        if getattr(validator, "message", "") is None:
            validator = copy.copy(validator)
            if isinstance(validator, Email):
                validator.message = EMAIL_FORMAT
            elif isinstance(validator, URL):
                validator.message = WEB_ADDRESS_FORMAT
            elif thing is None:
                raise TypeError(
                    f"{field_class.__name__} needs thing= to word the message of "
                    f"{type(validator).__name__}"
                )
            elif isinstance(validator, DataRequired | InputRequired):
                validator.message = required_message(thing)
            elif isinstance(validator, Length):
                validator.message = _length(thing, validator.min, validator.max)
            elif isinstance(validator, NumberRange):
                validator.message = _number_range(thing, validator.min, validator.max)
            else:
                raise TypeError(f"{type(validator).__name__} needs its own message")
        given.append(validator)
    return given


class _PortalField:
    """Mixed into each GOV.UK field: messages from `thing=` and the limits."""

    required_message = staticmethod(_enter)

    def __init__(self, label=None, validators=None, *, thing=None, **kwargs):
        self.thing = thing
        validators = _with_messages(type(self), validators, thing, self.required_message)
        super().__init__(label, validators, **kwargs)


class _PortalChoiceField(_PortalField):
    required_message = staticmethod(_select)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        kwargs.setdefault("invalid_value_message", NOT_A_CHOICE)
        super().__init__(label, validators, **kwargs)


class GovukTextInputField(_PortalField, StringField):
    widget = BlankOnceTextInput()


class GovukTextareaField(_PortalField, TextAreaField):
    widget = BlankOnceTextArea()


class GovukEmailField(_PortalField, StringField):
    """An email address: checked for its format, and no longer than 254 characters."""

    widget = BlankOnceTextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        validators = list(validators or ())
        if not any(isinstance(validator, Email) for validator in validators):
            validators.append(Email(EMAIL_FORMAT, check_deliverability=False))
        if not any(isinstance(validator, Length) for validator in validators):
            validators.append(
                Length(max=254, message=_l("Email address must be 254 characters or fewer"))
            )
        super().__init__(label, validators, **kwargs)


class GovukPasswordField(_PortalField, PasswordField):
    widget = BlankOncePasswordInput()


class GovukSelectField(_PortalChoiceField, SelectField):
    widget = BlankOnceSelect()


class GovukRadiosField(_PortalChoiceField, RadioField):
    widget = BlankOnceRadios()


class GovukCheckboxesField(_PortalChoiceField, SelectMultipleField):
    widget = BlankOnceCheckboxes()


class GovukCheckboxField(_PortalField, BooleanField):
    """One checkbox, ticked or not."""

    widget = BlankOnceCheckbox()
    required_message = staticmethod(_select)


class GovukFileField(_PortalField, FileField):
    widget = GovFileInput()
    required_message = staticmethod(_select)


class GovukSubmitButton(SubmitField):
    widget = BlankOnceSubmit()


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _KeptTranslations:
    """WTForms' own messages in the reader's language. Flask-WTF reads its
    catalogue from disk once a request; this reads it once a process."""

    def gettext(self, string):
        return _wtforms_translations(str(get_locale())).ugettext(string)

    def ngettext(self, singular, plural, n):
        return _wtforms_translations(str(get_locale())).ungettext(singular, plural, n)


_kept_translations = _KeptTranslations()


class PortalForm(FlaskForm):
    """Every portal form: what people type loses its leading and trailing
    spaces before any check sees it (a password keeps them)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _kept_translations

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters = [_strip, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


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


class UKDateField(_PortalField, Field):
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


class MoneyField(_PortalField, StringField):
    """Whole pounds, accepting "£1,250,000", "1250000" or "1,250,000.00"."""

    widget = BlankOnceTextInput()

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


class WholeNumberField(_PortalField, StringField):
    """A whole number typed in a text box (GOV.UK advises against type=number)."""

    widget = BlankOnceTextInput()

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


class TimeField(_PortalField, StringField):
    """A time of day typed as "09:00", "17:30" or "9am" (see london_time.parse_time)."""

    widget = BlankOnceTextInput()

    def __init__(self, label=None, validators=None, *, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            # Spaces alone are no answer, so InputRequired says what to enter.
            self.raw_data = [text]
            return
        self.data = parse_time(text)
        if self.data is None:
            raise ValueError(
                self.invalid_message
                or _("%(label)s must be a time, like 09:00 or 17:30", label=self.label.text)
            )


def error_list(form) -> list[dict]:
    """The error summary's entries, each linking to the input to fix."""
    entries = []
    for field in form:
        if field.errors:
            suffix = getattr(field, "first_input_suffix", "")
            entries.append({"text": field.errors[0], "href": f"#{field.id}{suffix}"})
    return entries
