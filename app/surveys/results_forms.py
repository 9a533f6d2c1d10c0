"""Forms on the staff results pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from app.core.forms import (
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
)


class ResultsFilterForm(PortalForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    org_type = GovukSelectField(_l("Organisation type"), validate_choice=False, default="")
    income_band = GovukSelectField(_l("Income"), validate_choice=False, default="")

    def __init__(self, *args, org_types=(), income_bands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = [("", _l("All types")), *org_types]
        self.income_band.choices = [("", _l("All incomes")), *income_bands]


class ThemesForm(PortalForm):
    themes = GovukTextInputField(_l("Themes"), thing=_l("the themes"), validators=[Length(max=500)])
    # The filters the page was showing, so staff return to the same view.
    org_type = HiddenField()
    income_band = HiddenField()
    theme = HiddenField()
    text_page = HiddenField()


class SummaryForm(PortalForm):
    you_said = GovukTextareaField(
        _l("You said"),
        thing=_l("what organisations told you"),
        description=_l(
            "The main things organisations told you in this wave. Plain text, or simple HTML."
        ),
        validators=[DataRequired(_l("Enter what organisations told you")), Length(max=8000)],
    )
    we_did = GovukTextareaField(
        _l("We did"),
        thing=_l("what the council did"),
        description=_l("What the council has done or will do because of it."),
        validators=[DataRequired(_l("Enter what the council did")), Length(max=8000)],
    )
    submit = GovukSubmitButton(_l("Save"))


class PublishForm(PortalForm):
    """Only the CSRF token: the button says what it does."""
