"""Forms for answering the survey, and staff's forms for running waves."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.core.bilingual import marked, option_words, words
from app.core.forms import (
    GovukCheckboxesField,
    GovukEmailField,
    GovukRadiosField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
    UKDateField,
)
from app.core.london_time import LONDON, london_to_utc
from app.surveys.answering import DEFAULT_TEXT_LIMIT
from app.surveys.models import MULTIPLE, SCALE, SINGLE, TEXT, SurveyQuestion

KINDS = {
    SINGLE: _l("One answer from a list"),
    MULTIPLE: _l("Any number of answers from a list"),
    SCALE: _l("A rating from 1 to 5"),
    TEXT: _l("Free text"),
}
MAX_CHOICES = 20


# ---------------------------------------------------------------------------
# Answering
# ---------------------------------------------------------------------------


class OrganisationForm(PortalForm):
    organisation_name = GovukTextInputField(
        _l("Name of your group or organisation"),
        validators=[
            DataRequired(_l("Enter the name of your group or organisation")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    email = GovukEmailField(
        _l("Email address (optional)"),
        description=_l(
            "We will send you a link so you can finish later, and a receipt when you send your "
            "answers. We will not use it for anything else."
        ),
        validators=[
            Optional(),
        ],
    )
    submit = GovukSubmitButton(_l("Continue"))


def _required_message(question: SurveyQuestion) -> str:
    if question.kind == TEXT:
        return _("Enter your answer")
    if question.kind == MULTIPLE:
        return _("Select at least one answer")
    return _("Select an answer")


def _choices(question: SurveyQuestion) -> list[tuple[str, object]]:
    return [(c["key"], option_words(c["en"], c.get("cy", ""))) for c in question.choices]


def answer_form(question: SurveyQuestion, values: list, formdata=None) -> PortalForm:
    """A one-question form. Its field is always called `answer`."""
    # Words staff wrote only in English are marked lang="en" for a Welsh reader.
    label = marked(words(question, "text"))
    hint = marked(words(question, "help_text"))

    class AnswerForm(PortalForm):
        pass

    required = [InputRequired(_required_message(question))] if question.required else [Optional()]
    if question.kind == TEXT:
        limit = question.max_length or DEFAULT_TEXT_LIMIT
        field = GovukTextareaField(
            label,
            description=hint,
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
        field = GovukCheckboxesField(
            label,
            description=hint,
            choices=_choices(question),
            validators=required,
        )
        data = list(values)
    else:
        field = GovukRadiosField(
            label,
            description=hint,
            choices=_choices(question),
            validators=required,
        )
        data = values[0] if values else None
    AnswerForm.answer = field
    AnswerForm.submit = GovukSubmitButton(_l("Continue"))
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


class IdentifyForm(PortalForm):
    may_identify = GovukRadiosField(
        _l("May we tell council staff that these answers came from your organisation?"),
        description=_l(
            "If you say no, staff see your answers without your organisation’s name. Published "
            "results never name any organisation."
        ),
        choices=[("no", _l("No, keep our answers anonymous")), ("yes", _l("Yes"))],
        default="no",
        validators=[InputRequired(_l("Select whether staff may know who answered"))],
    )
    submit = GovukSubmitButton(_l("Continue"))


class SubmitSurveyForm(PortalForm):
    submission_key = HiddenField()
    submit = GovukSubmitButton(_l("Send your answers"))


class ActionForm(PortalForm):
    """A button that posts: opt out, confirm a wave, send invitations."""

    submit = GovukSubmitButton(_l("Confirm"))


class AccountOptOutForm(PortalForm):
    opted_out = BooleanField(_l("Do not send us survey invitations"))
    submit = GovukSubmitButton(_l("Save survey preference"))


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


class WaveForm(PortalForm):
    title = GovukTextInputField(
        _l("Title in English"),
        thing=_l("the title in English"),
        description=_l("For example, Spring 2027 survey"),
        validators=[DataRequired(_l("Enter a title in English")), Length(max=120)],
    )
    title_cy = GovukTextInputField(
        _l("Title in Welsh (optional)"),
        thing=_l("the title in Welsh"),
        validators=[Optional(), Length(max=120)],
    )
    opens = UKDateField(_l("Opens (at the start of this day)"))
    closes = UKDateField(_l("Closes (at midnight at the end of this day)"))
    submit = GovukSubmitButton(_l("Save"))

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
            "opens_at": london_to_utc(self.opens.data),
            "closes_at": london_to_utc(self.closes.data + timedelta(days=1)),
        }

    def fill_from(self, wave) -> None:
        self.title.data = wave.title
        self.title_cy.data = wave.title_cy
        self.opens.data = wave.opens_at.astimezone(LONDON).date()
        self.closes.data = (wave.closes_at.astimezone(LONDON) - timedelta(days=1)).date()


class QuestionWordingForm(PortalForm):
    """The words of a question; its choices' labels are extra fields
    named choice-<n>-en and choice-<n>-cy, read by the view."""

    text = GovukTextInputField(
        _l("Question in English"),
        thing=_l("the question in English"),
        validators=[DataRequired(_l("Enter the question in English")), Length(max=500)],
    )
    text_cy = GovukTextInputField(
        _l("Question in Welsh (optional)"),
        thing=_l("the question in Welsh"),
        validators=[Optional(), Length(max=500)],
    )
    help_text = GovukTextareaField(
        _l("Hint in English (optional)"),
        thing=_l("the hint in English"),
        validators=[Optional(), Length(max=1000)],
    )
    help_text_cy = GovukTextareaField(
        _l("Hint in Welsh (optional)"),
        thing=_l("the hint in Welsh"),
        validators=[Optional(), Length(max=1000)],
    )
    submit = GovukSubmitButton(_l("Save"))

    def to_data(self) -> dict:
        return {
            "text": " ".join(self.text.data.split()),
            "text_cy": " ".join((self.text_cy.data or "").split()),
            "help_text": (self.help_text.data or "").strip(),
            "help_text_cy": (self.help_text_cy.data or "").strip(),
        }


class NewQuestionForm(QuestionWordingForm):
    kind = GovukRadiosField(
        _l("Kind of answer"),
        choices=list(KINDS.items()),
        validators=[DataRequired(_l("Select the kind of answer"))],
    )
    required = GovukRadiosField(
        _l("Must people answer it?"),
        choices=[("no", _l("No, it is optional")), ("yes", _l("Yes"))],
        default="no",
        validators=[DataRequired(_l("Select whether people must answer it"))],
    )
    choices_en = GovukTextareaField(
        _l("Answers to choose from, in English"),
        thing=_l("the answers in English"),
        description=_l("One on each line. Needed for a list; leave empty for a rating or text."),
        validators=[Optional(), Length(max=4000)],
    )
    choices_cy = GovukTextareaField(
        _l("Answers to choose from, in Welsh (optional)"),
        thing=_l("the answers in Welsh"),
        description=_l("One on each line, in the same order as the English."),
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
