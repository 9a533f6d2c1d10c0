"""Forms for answering the survey, and staff's forms for running waves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.core.forms import NOT_A_CHOICE, UKDateField
from app.surveys.answering import DEFAULT_TEXT_LIMIT
from app.surveys.models import MULTIPLE, SCALE, SINGLE, TEXT, SurveyQuestion
from app.surveys.text import choice_options, question_help, question_text

LONDON = ZoneInfo("Europe/London")
EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")
KINDS = {
    SINGLE: _l("One answer from a list"),
    MULTIPLE: _l("Any number of answers from a list"),
    SCALE: _l("A rating from 1 to 5"),
    TEXT: _l("Free text"),
}
MAX_CHOICES = 20


def london_midnight(day: date) -> datetime:
    """The start of a day in Europe/London, as an aware UTC datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).astimezone(UTC)


# ---------------------------------------------------------------------------
# Answering
# ---------------------------------------------------------------------------


class OrganisationForm(FlaskForm):
    organisation_name = StringField(
        _l("Name of your group or organisation"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter the name of your group or organisation")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    email = StringField(
        _l("Email address (optional)"),
        description=_l(
            "We will send you a link so you can finish later, and a receipt when you send your "
            "answers. We will not use it for anything else."
        ),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Email(message=EMAIL_FORMAT, check_deliverability=False),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


def _required_message(question: SurveyQuestion) -> str:
    if question.kind == TEXT:
        return _("Enter your answer")
    if question.kind == MULTIPLE:
        return _("Select at least one answer")
    return _("Select an answer")


def answer_form(question: SurveyQuestion, values: list, formdata=None) -> FlaskForm:
    """A one-question form. Its field is always called `answer`."""
    label = question_text(question)
    hint = question_help(question)

    class AnswerForm(FlaskForm):
        pass

    required = [InputRequired(_required_message(question))] if question.required else [Optional()]
    if question.kind == TEXT:
        limit = question.max_length or DEFAULT_TEXT_LIMIT
        field = TextAreaField(
            label,
            description=hint,
            widget=GovTextArea(),
            validators=[
                *([DataRequired(_required_message(question))] if question.required else []),
                Optional(),
                Length(
                    max=limit,
                    message=_(
                        "Your answer must be %(count)s characters or fewer",
                        count=f"{limit:,}",
                    ),
                ),
            ],
        )
        data = values[0] if values else ""
    elif question.kind == MULTIPLE:
        field = SelectMultipleField(
            label,
            description=hint,
            choices=choice_options(question),
            invalid_choice_message=NOT_A_CHOICE,
            widget=GovCheckboxesInput(),
            validators=required,
        )
        data = list(values)
    else:
        field = RadioField(
            label,
            description=hint,
            choices=choice_options(question),
            invalid_choice_message=NOT_A_CHOICE,
            widget=GovRadioInput(),
            validators=required,
        )
        data = values[0] if values else None
    AnswerForm.answer = field
    AnswerForm.submit = SubmitField(_l("Continue"), widget=GovSubmitInput())
    if formdata is not None:
        return AnswerForm(formdata=formdata)
    return AnswerForm(formdata=None, data={"answer": data})


def answer_values(form) -> list[str]:
    data = form.answer.data
    if data is None:
        return []
    if isinstance(data, list):
        return [str(v) for v in data]
    return [str(data)]


class IdentifyForm(FlaskForm):
    may_identify = RadioField(
        _l("May we tell council staff that these answers came from your organisation?"),
        description=_l(
            "If you say no, staff see your answers without your organisation’s name. Published "
            "results never name any organisation."
        ),
        choices=[("no", _l("No, keep our answers anonymous")), ("yes", _l("Yes"))],
        default="no",
        invalid_choice_message=NOT_A_CHOICE,
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Select whether staff may know who answered"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SubmitSurveyForm(FlaskForm):
    submission_key = HiddenField()
    submit = SubmitField(_l("Send your answers"), widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A button that posts: opt out, confirm a wave, send invitations."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class AccountOptOutForm(FlaskForm):
    opted_out = BooleanField(_l("Do not send us survey invitations"))
    submit = SubmitField(_l("Save survey preference"), widget=GovSubmitInput())


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


class WaveForm(FlaskForm):
    title = StringField(
        _l("Title in English"),
        description=_l("For example, Spring 2027 survey"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter a title in English")), Length(max=120)],
    )
    title_cy = StringField(
        _l("Title in Welsh (optional)"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=120)],
    )
    opens = UKDateField(_l("Opens (at the start of this day)"))
    closes = UKDateField(_l("Closes (at midnight at the end of this day)"))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.opens, self.closes):
            if field.data is None and not field.errors:
                field.errors.append(_("Enter %(label)s", label=field.label.text.lower()))
                valid = False
        if self.opens.data and self.closes.data and self.closes.data < self.opens.data:
            self.closes.errors.append(_("The wave must close on or after the day it opens"))
            valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "title": " ".join(self.title.data.split()),
            "title_cy": " ".join((self.title_cy.data or "").split()),
            "opens_at": london_midnight(self.opens.data),
            "closes_at": london_midnight(self.closes.data + timedelta(days=1)),
        }

    def fill_from(self, wave) -> None:
        self.title.data = wave.title
        self.title_cy.data = wave.title_cy
        self.opens.data = wave.opens_at.astimezone(LONDON).date()
        self.closes.data = (wave.closes_at.astimezone(LONDON) - timedelta(days=1)).date()


class QuestionWordingForm(FlaskForm):
    """The words of a question; its choices' labels are extra fields
    named choice-<n>-en and choice-<n>-cy, read by the view."""

    text = StringField(
        _l("Question in English"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the question in English")), Length(max=500)],
    )
    text_cy = StringField(
        _l("Question in Welsh (optional)"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=500)],
    )
    help_text = TextAreaField(
        _l("Hint in English (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=1000)],
    )
    help_text_cy = TextAreaField(
        _l("Hint in Welsh (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=1000)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def to_data(self) -> dict:
        return {
            "text": " ".join(self.text.data.split()),
            "text_cy": " ".join((self.text_cy.data or "").split()),
            "help_text": (self.help_text.data or "").strip(),
            "help_text_cy": (self.help_text_cy.data or "").strip(),
        }


class NewQuestionForm(QuestionWordingForm):
    kind = RadioField(
        _l("Kind of answer"),
        choices=list(KINDS.items()),
        invalid_choice_message=NOT_A_CHOICE,
        widget=GovRadioInput(),
        validators=[DataRequired(_l("Select the kind of answer"))],
    )
    required = RadioField(
        _l("Must people answer it?"),
        choices=[("no", _l("No, it is optional")), ("yes", _l("Yes"))],
        default="no",
        invalid_choice_message=NOT_A_CHOICE,
        widget=GovRadioInput(),
        validators=[DataRequired(_l("Select whether people must answer it"))],
    )
    choices_en = TextAreaField(
        _l("Answers to choose from, in English"),
        description=_l("One on each line. Needed for a list; leave empty for a rating or text."),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=4000)],
    )
    choices_cy = TextAreaField(
        _l("Answers to choose from, in Welsh (optional)"),
        description=_l("One on each line, in the same order as the English."),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=4000)],
    )

    def _lines(self, field) -> list[str]:
        return [
            " ".join(line.split())[:200] for line in (field.data or "").splitlines() if line.strip()
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data in (SINGLE, MULTIPLE):
            english, welsh = self._lines(self.choices_en), self._lines(self.choices_cy)
            if len(english) < 2:
                self.choices_en.errors.append(_("Enter at least two answers, one on each line"))
                valid = False
            elif len(english) > MAX_CHOICES:
                self.choices_en.errors.append(_("Enter no more than 20 answers"))
                valid = False
            elif len({line.lower() for line in english}) != len(english):
                self.choices_en.errors.append(_("Each answer must be different"))
                valid = False
            if welsh and len(welsh) != len(english):
                self.choices_cy.errors.append(
                    _("Give a Welsh answer for each English one, or leave them all empty")
                )
                valid = False
        return valid

    def to_data(self) -> dict:
        data = super().to_data()
        english, welsh = self._lines(self.choices_en), self._lines(self.choices_cy)
        data.update(
            kind=self.kind.data,
            required=self.required.data == "yes",
            choices=list(zip(english, welsh or [""] * len(english), strict=True)),
        )
        return data
