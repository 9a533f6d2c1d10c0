"""Forms on the staff results pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class ResultsFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    org_type = SelectField(
        _l("Organisation type"), widget=GovSelect(), validate_choice=False, default=""
    )
    income_band = SelectField(_l("Income"), widget=GovSelect(), validate_choice=False, default="")

    def __init__(self, *args, org_types=(), income_bands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.org_type.choices = [("", _l("All types")), *org_types]
        self.income_band.choices = [("", _l("All incomes")), *income_bands]


class ThemesForm(FlaskForm):
    themes = StringField(_l("Themes"), validators=[Length(max=500)])
    # The filters the page was showing, so staff return to the same view.
    org_type = HiddenField()
    income_band = HiddenField()
    theme = HiddenField()
    text_page = HiddenField()


class SummaryForm(FlaskForm):
    you_said = TextAreaField(
        _l("You said"),
        description=_l(
            "The main things organisations told you in this wave. Plain text, or simple HTML."
        ),
        widget=GovTextArea(),
        validators=[DataRequired(_l("Enter what organisations told you")), Length(max=8000)],
    )
    we_did = TextAreaField(
        _l("We did"),
        description=_l("What the council has done or will do because of it."),
        widget=GovTextArea(),
        validators=[DataRequired(_l("Enter what the council did")), Length(max=8000)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class PublishForm(FlaskForm):
    """Only the CSRF token: the button says what it does."""
