"""Forms for staff (a consultation, a question, an outcome) and for people
responding, whose question pages are built from the questions themselves."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileRequired
from markupsafe import Markup
from wtforms import (
    Field,
    HiddenField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.consultations.choices import (
    AGE_BANDS,
    FREE_TEXT,
    MULTIPLE,
    QUESTION_KINDS,
    RANKING,
    RESPONDENT_TYPES,
    SCALE,
    SCALE_POINTS,
    VERSIONS,
    WITH_CHOICES,
    YES_NO,
    YES_NO_POINTS,
    YOUNG_SCALE_POINTS,
)
from app.core.bilingual import falls_back, marked, option_words
from app.core.forms import (
    GovukCheckboxesField,
    GovukCheckboxField,
    GovukEmailField,
    GovukFileField,
    GovukRadiosField,
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
    TimeField,
    UKDateField,
    WholeNumberField,
)
from app.core.london_time import LONDON, london_to_utc
from app.core.staff_fields import (
    html_field,
    service_area_field,
    summary_field,
    title_field,
    welsh_markdown_field,
)

DEFAULT_TEXT_LIMIT = 5000
MAX_TEXT_LIMIT = 10000


def _welsh(label, limit: int, thing=None, description=None, textarea=True):
    """The Welsh twin of a field staff write: always optional, since the
    translator may write it later."""
    kind = GovukTextareaField if textarea else GovukTextInputField
    return kind(
        label,
        thing=thing,
        description=description,
        validators=[Optional(), Length(max=limit)],
        render_kw={"lang": "cy"},
    )


def _one_line(value) -> str:
    return " ".join((value or "").split())


def _london_datetime(day, at):
    return None if day is None or at is None else london_to_utc(day, at)


class ConsultationForm(PortalForm):
    title = title_field()
    title_cy = _welsh(
        _l("Title in Welsh (optional)"), 200, thing=_l("the Welsh title"), textarea=False
    )
    summary = summary_field(_l("One or two sentences in plain English. Shown in the list."))
    summary_cy = _welsh(_l("Summary in Welsh (optional)"), 600, thing=_l("the Welsh summary"))
    background_html = html_field(_l("Background"), _l("the background"))
    background_html_cy = welsh_markdown_field(
        _l("Background in Welsh (optional)"), _l("the Welsh background")
    )
    service_area_id = service_area_field()
    opens_on = UKDateField(
        _l("Opens on"), validators=[InputRequired(_l("Enter the date it opens"))]
    )
    opens_time = TimeField(
        _l("Opens at"),
        description=_l("UK time, like 09:00"),
        validators=[InputRequired(_l("Enter the time it opens"))],
    )
    closes_on = UKDateField(
        _l("Closes on"), validators=[InputRequired(_l("Enter the date it closes"))]
    )
    closes_time = TimeField(
        _l("Closes at"),
        description=_l("UK time, like 23:59"),
        validators=[InputRequired(_l("Enter the time it closes"))],
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
    postal_address = GovukTextareaField(
        _l("Postal address for responses (optional)"),
        thing=_l("the postal address"),
        validators=[Optional(), Length(max=400)],
    )
    plan_slugs = GovukTextInputField(
        _l("Linked plan items (optional)"),
        thing=_l("the linked plan items"),
        description=_l("The web addresses’ last parts, separated by commas"),
        validators=[Optional(), Length(max=1000)],
    )
    young_people_version = GovukCheckboxField(
        _l("Offer a young people’s version"),
    )
    young_people_intro = GovukTextareaField(
        _l("Introduction for young people (optional)"),
        thing=_l("the introduction for young people"),
        description=_l("Short sentences in plain words."),
        validators=[Optional(), Length(max=600)],
    )
    young_people_intro_cy = _welsh(
        _l("Introduction for young people in Welsh (optional)"),
        600,
        thing=_l("the Welsh introduction for young people"),
    )
    submit = GovukSubmitButton(_l("Save"))

    WELSH = ("title_cy", "summary_cy", "background_html_cy", "young_people_intro_cy")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        opens, closes = self.opens_at, self.closes_at
        if opens and closes and closes <= opens:
            self.closes_on.errors.append(_("The closing date must be after the opening date"))
            valid = False
        return valid

    @property
    def opens_at(self):
        return _london_datetime(self.opens_on.data, self.opens_time.data)

    @property
    def closes_at(self):
        return _london_datetime(self.closes_on.data, self.closes_time.data)

    def to_data(self) -> dict:
        slugs = [part.strip().strip("/") for part in (self.plan_slugs.data or "").split(",")]
        return {
            "title": self.title.data.strip(),
            "summary": " ".join(self.summary.data.split()),
            "background_html": self.background_html.data or "",
            "service_area_id": self.service_area_id.data,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
            "contact_name": self.contact_name.data.strip(),
            "contact_email": self.contact_email.data.strip().lower(),
            "postal_address": (self.postal_address.data or "").strip(),
            "plan_slugs": [slug for slug in slugs if slug],
            "young_people_version": bool(self.young_people_version.data),
            "young_people_intro": " ".join((self.young_people_intro.data or "").split()),
            "title_cy": _one_line(self.title_cy.data),
            "summary_cy": _one_line(self.summary_cy.data),
            "background_html_cy": self.background_html_cy.data or "",
            "young_people_intro_cy": _one_line(self.young_people_intro_cy.data),
        }

    def fill_from(self, consultation) -> None:
        for name in self.WELSH:
            getattr(self, name).data = getattr(consultation, name)
        for name in ("title", "summary", "background_html", "service_area_id", "contact_name"):
            getattr(self, name).data = getattr(consultation, name)
        self.contact_email.data = consultation.contact_email
        self.postal_address.data = consultation.postal_address
        self.young_people_version.data = consultation.young_people_version
        self.young_people_intro.data = consultation.young_people_intro
        self.plan_slugs.data = ", ".join(consultation.plan_slugs or [])
        opens = consultation.opens_at.astimezone(LONDON)
        closes = consultation.closes_at.astimezone(LONDON)
        self.opens_on.data, self.opens_time.data = opens.date(), opens.time()
        self.closes_on.data, self.closes_time.data = closes.date(), closes.time()


class QuestionForm(PortalForm):
    kind = GovukRadiosField(
        _l("Type of question"),
        choices=list(QUESTION_KINDS.items()),
        validators=[DataRequired(_l("Select a type of question"))],
    )
    text = GovukTextareaField(
        _l("Question"),
        thing=_l("the question"),
        validators=[DataRequired(_l("Enter the question")), Length(max=500)],
    )
    text_cy = _welsh(_l("Question in Welsh (optional)"), 500, thing=_l("the Welsh question"))
    help_text = GovukTextareaField(
        _l("Help text (optional)"),
        validators=[Optional(), Length(max=1000)],
        thing=_l("the help text"),
    )
    help_text_cy = _welsh(
        _l("Help text in Welsh (optional)"), 1000, thing=_l("the Welsh help text")
    )
    required = GovukRadiosField(
        _l("Must people answer it?"),
        choices=[("yes", _l("Yes, it is required")), ("no", _l("No, it is optional"))],
        validators=[DataRequired(_l("Select whether people must answer it"))],
    )
    choices = GovukTextareaField(
        _l("Options"),
        thing=_l("the options"),
        description=_l("For single choice, multiple choice and ranking: one option on each line"),
        validators=[Optional(), Length(max=4000)],
    )
    choices_cy = _welsh(
        _l("Options in Welsh (optional)"),
        4000,
        thing=_l("the Welsh options"),
        description=_l("One on each line, in the same order as the English"),
    )
    max_length = WholeNumberField(
        _l("Longest answer, in characters"),
        description=_l("For free text. Leave empty for 5,000."),
        validators=[
            Optional(),
            NumberRange(10, MAX_TEXT_LIMIT, message=_l("Enter a number from 10 to 10,000")),
        ],
    )
    page = WholeNumberField(
        _l("Page"),
        description=_l("Questions with the same page number are asked together"),
        validators=[
            InputRequired(_l("Enter a page number")),
            NumberRange(1, 50, message=_l("Enter a page number from 1 to 50")),
        ],
    )
    show_if = GovukSelectField(
        _l("Ask this question"),
        description=_l(
            "You can ask it only when an earlier single-choice question, on an earlier page, "
            "was answered a certain way"
        ),
        choices=[("", _l("Always"))],
        validate_choice=False,
    )
    young_text = GovukTextareaField(
        _l("Question in plain words for young people (optional)"),
        thing=_l("the question for young people"),
        validators=[Optional(), Length(max=500)],
    )
    young_help_text = GovukTextareaField(
        _l("Help for young people (optional)"),
        thing=_l("the help for young people"),
        validators=[Optional(), Length(max=1000)],
    )
    young_text_cy = _welsh(
        _l("Question for young people in Welsh (optional)"),
        500,
        thing=_l("the Welsh question for young people"),
    )
    young_help_text_cy = _welsh(
        _l("Help for young people in Welsh (optional)"),
        1000,
        thing=_l("the Welsh help for young people"),
    )
    submit = GovukSubmitButton(_l("Save question"))

    def option_list(self) -> list[str]:
        options = []
        for line in (self.choices.data or "").splitlines():
            line = " ".join(line.split())[:200]
            if line and line not in options:
                options.append(line)
        return options

    def welsh_option_list(self) -> list[str]:
        lines = [" ".join(line.split())[:200] for line in (self.choices_cy.data or "").splitlines()]
        return [line for line in lines if line]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data in WITH_CHOICES and len(self.option_list()) < 2:
            self.choices.errors.append(_("Enter at least 2 options, one on each line"))
            valid = False
        if len(self.option_list()) > 20:
            self.choices.errors.append(_("Enter 20 options or fewer"))
            valid = False
        welsh = self.welsh_option_list()
        if self.kind.data in WITH_CHOICES and welsh and len(welsh) != len(self.option_list()):
            self.choices_cy.errors.append(
                _("Enter one Welsh option for each English option, or leave them all empty")
            )
            valid = False
        return valid

    def to_data(self) -> dict:
        return {
            "kind": self.kind.data,
            "text": " ".join(self.text.data.split()),
            "help_text": " ".join((self.help_text.data or "").split()),
            "required": self.required.data == "yes",
            "choices": self.option_list(),
            "max_length": self.max_length.data
            if self.kind.data == FREE_TEXT and self.max_length.data
            else None,
            "page": self.page.data,
            "young_text": " ".join((self.young_text.data or "").split()),
            "young_help_text": " ".join((self.young_help_text.data or "").split()),
            "choices_cy": self.welsh_option_list(),
            "text_cy": _one_line(self.text_cy.data),
            "help_text_cy": _one_line(self.help_text_cy.data),
            "young_text_cy": _one_line(self.young_text_cy.data),
            "young_help_text_cy": _one_line(self.young_help_text_cy.data),
            "show_if": self.show_if.data or "",
        }

    def fill_from(self, question) -> None:
        self.show_if.data = (
            f"{question.show_if_id}:{question.show_if_answer}" if question.show_if_id else ""
        )
        self.kind.data = question.kind
        self.text.data = question.text
        self.help_text.data = question.help_text
        self.required.data = "yes" if question.required else "no"
        self.choices.data = "\n".join(option["en"] for option in question.options)
        self.choices_cy.data = (
            "\n".join(option["cy"] for option in question.options)
            if any(option["cy"] for option in question.options)
            else ""
        )
        for name in ("text_cy", "help_text_cy", "young_text_cy", "young_help_text_cy"):
            getattr(self, name).data = getattr(question, name)
        self.max_length.data = question.max_length
        self.page.data = question.page
        self.young_text.data = question.young_text
        self.young_help_text.data = question.young_help_text


class ActionForm(PortalForm):
    """A button that changes something: a POST with CSRF."""


class CloseNowForm(PortalForm):
    submit = GovukSubmitButton(_l("Close the consultation now"))


class CopyForm(PortalForm):
    with_documents = GovukCheckboxField(_l("Copy its documents too"))
    submit = GovukSubmitButton(_l("Make the copy"))


# ---------------------------------------------------------------------------
# Responding
# ---------------------------------------------------------------------------


class AboutYouForm(PortalForm):
    respondent_type = GovukRadiosField(
        _l("How are you responding?"),
        choices=list(RESPONDENT_TYPES.items()),
        validators=[
            DataRequired(
                _l("Select whether you are responding as an individual or for an organisation")
            )
        ],
    )
    organisation_name = GovukTextInputField(
        _l("Organisation name"),
        description=_l("Only if you are responding on behalf of an organisation"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Organisation name must be 200 characters or fewer")),
        ],
    )
    name = GovukTextInputField(
        _l("Your name (optional)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Name must be 200 characters or fewer")),
        ],
    )
    email = GovukEmailField(
        _l("Email address (optional)"),
        description=_l(
            "We will send your reference to this address. We will not use it for anything else."
        ),
        validators=[
            Optional(),
        ],
    )
    submit = GovukSubmitButton(_l("Continue"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked here: Optional() on the field stops its own validators when blank.
        named = (self.organisation_name.data or "").strip()
        if self.respondent_type.data == "organisation" and not named:
            self.organisation_name.errors = [_("Enter the name of the organisation")]
            valid = False
        return valid

    def to_data(self) -> dict:
        organisation = self.respondent_type.data == "organisation"
        return {
            "respondent_type": self.respondent_type.data,
            "organisation_name": (self.organisation_name.data or "").strip()
            if organisation
            else "",
            "name": (self.name.data or "").strip(),
            "email": (self.email.data or "").strip().lower(),
        }


class AgeBandForm(PortalForm):
    age_band = GovukRadiosField(
        _l("How old are you?"),
        choices=list(AGE_BANDS.items()),
        validators=[DataRequired(_l("Choose how old you are"))],
    )
    submit = GovukSubmitButton(_l("Next"))


class RankingField(Field):
    """A rank (1, 2, 3...) for each option, from one select each.

    Every select shares the field's name, so the browser sends the ranks
    in the options' order."""

    first_input_suffix = "-1"

    def __init__(self, label=None, validators=None, options=(), labels=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        # The options' keys, which answers hold, and the words shown for them.
        self.options = list(options)
        self.labels = list(labels) or list(self.options)
        self.ranks = ["" for _option in self.options]

    def process_formdata(self, valuelist):
        ranks = [*valuelist, *[""] * len(self.options)][: len(self.options)]
        self.ranks = [value if value.isdigit() else "" for value in ranks]
        chosen = [r for r in self.ranks if r]
        if not chosen:
            self.data = None
            return
        self.data = None
        if len(chosen) != len(self.options):
            raise ValueError(_("Give every option a rank"))
        if sorted(int(r) for r in chosen) != list(range(1, len(self.options) + 1)):
            raise ValueError(_("Give each option a different rank"))
        order = sorted(range(len(self.options)), key=lambda i: int(self.ranks[i]))
        self.data = [self.options[i] for i in order]

    def process_data(self, value):
        self.data = value if isinstance(value, list) else None
        if self.data:
            self.ranks = [
                str(self.data.index(option) + 1) if option in self.data else ""
                for option in self.options
            ]


class _RequiredAnswer:
    def __init__(self, message):
        self.message = message
        self.field_flags = {}

    def __call__(self, form, field):
        value = field.data
        if value is None or value == "" or value == []:
            field.errors[:] = []
            raise ValidationError(self.message)


def option_choices(question) -> list[tuple[str, object]]:
    """(key, words) for each option, in the reader's language."""
    return [
        (option["key"], option_words(option["en"], option["cy"])) for option in question.options
    ]


def question_falls_back(question, young: bool) -> bool:
    """Does a Welsh reader see any of this question in English?"""
    return bool(
        question.shown("text", young).lang
        or question.shown("help_text", young).lang
        or any(falls_back(o["en"], o["cy"]) for o in question.options)
    )


# Young people pick their favourites instead of ranking every option.
TOP_PICKS = 3


class _AtMost:
    def __init__(self, most: int, message):
        self.most = most
        self.message = message
        self.field_flags = {}

    def __call__(self, form, field):
        if field.data and len(field.data) > self.most:
            raise ValidationError(self.message)


def _field_for(question, young: bool):
    label = marked(question.shown("text", young))
    description = marked(question.shown("help_text", young))
    kind = question.kind
    # The young people's form promises that any question can be skipped.
    required = question.required and not young
    if kind == RANKING and young:
        most = min(TOP_PICKS, len(question.options))
        hint = _l("Pick up to %(num)d.", num=most)
        return (
            GovukCheckboxesField(
                label,
                description=Markup("{} {}").format(description, hint) if description else hint,
                choices=option_choices(question),
                validators=[
                    Optional(),
                    _AtMost(most, _l("Pick no more than %(num)d", num=most)),
                ],
            ),
            {"top_picks": most},
        )
    if kind == FREE_TEXT:
        limit = question.max_length or DEFAULT_TEXT_LIMIT
        validators = [
            Length(
                max=limit,
                message=_l("Your answer must be %(max)d characters or fewer", max=limit),
            )
        ]
        validators.insert(0, _RequiredAnswer(_l("Enter an answer")) if required else Optional())
        field = GovukTextareaField(label, description=description, validators=validators)
        return field, {"limit": limit}
    if kind == RANKING:
        validators = [_RequiredAnswer(_l("Give every option a rank"))] if required else []
        options = option_choices(question)
        return RankingField(
            label,
            validators,
            options=[key for key, _words in options],
            labels=[words for _key, words in options],
            description=description,
        ), {}
    if kind == MULTIPLE:
        return (
            GovukCheckboxesField(
                label,
                description=description,
                choices=option_choices(question),
                validators=[_RequiredAnswer(_l("Select at least one option"))]
                if required
                else [Optional()],
            ),
            {},
        )
    if kind == SCALE:
        points = YOUNG_SCALE_POINTS if young else SCALE_POINTS
        choices = list(points.items())
    elif kind == YES_NO:
        choices = list(YES_NO_POINTS.items())
    else:
        choices = option_choices(question)
    return (
        GovukRadiosField(
            label,
            description=description,
            choices=choices,
            validators=[_RequiredAnswer(_l("Select an answer"))] if required else [Optional()],
        ),
        {},
    )


def field_name(question) -> str:
    return f"q{question.id}"


def page_form(questions, young: bool, answers: dict, formdata=None):
    """A form for one page of questions, filled with the answers so far."""

    class PageForm(PortalForm):
        submit = GovukSubmitButton(_l("Continue"))

    extras = {}
    for question in questions:
        field, extra = _field_for(question, young)
        setattr(PageForm, field_name(question), field)
        extras[field_name(question)] = extra
    if formdata is not None:
        # Only what was sent: an unticked choice must clear the earlier answer.
        form = PageForm(formdata=formdata)
    else:
        form = PageForm(data={field_name(q): answers.get(str(q.id)) for q in questions})
    form.extras = extras
    return form


def answers_from(form, questions) -> dict:
    answers = {}
    for question in questions:
        value = form[field_name(question)].data
        if isinstance(value, str):
            value = value.strip()
        answers[str(question.id)] = value if value not in ("", None, []) else None
    return answers


class SubmitResponseForm(PortalForm):
    submission_key = HiddenField()
    submit = GovukSubmitButton(_l("Send your response"))


class PhraseForm(PortalForm):
    phrase = GovukTextInputField(
        _l("Word or phrase"),
        description=_l("Capital letters and curly apostrophes do not matter."),
        validators=[
            DataRequired(_l("Enter a word or phrase")),
            Length(max=120, message=_l("Enter 120 characters or fewer")),
        ],
    )
    submit = GovukSubmitButton(_l("Add to the list"))


class OutcomeForm(PortalForm):
    outcome_asked = GovukTextareaField(
        _l("We asked"),
        thing=_l("what you asked"),
        description=_l("What the consultation asked, in a sentence or two"),
        validators=[DataRequired(_l("Enter what you asked")), Length(max=4000)],
    )
    response_count = WholeNumberField(
        _l("How many responded"),
        description=_l("Online responses are filled in; add any sent by email or post"),
        validators=[
            InputRequired(_l("Enter how many responded")),
            NumberRange(0, 10_000_000, message=_l("Enter a whole number")),
        ],
    )
    outcome_said = GovukTextareaField(
        _l("You said"),
        thing=_l("what people said"),
        description=_l("The main themes of what people told you"),
        validators=[DataRequired(_l("Enter what people said")), Length(max=8000)],
    )
    outcome_did = GovukTextareaField(
        _l("We did"),
        thing=_l("what you did"),
        description=_l("What was decided, and what changed because of what people said"),
        validators=[DataRequired(_l("Enter what you decided")), Length(max=8000)],
    )
    outcome_next = GovukTextareaField(
        _l("What happens next (optional)"),
        thing=_l("what happens next"),
        validators=[Optional(), Length(max=4000)],
    )
    outcome_young_summary = GovukTextareaField(
        _l("Summary for young people"),
        thing=_l("the summary for young people"),
        description=_l("Short sentences in plain words."),
        validators=[Optional(), Length(max=2000)],
    )
    outcome_asked_cy = _welsh(
        _l("We asked, in Welsh (optional)"), 4000, thing=_l("what you asked, in Welsh")
    )
    outcome_said_cy = _welsh(
        _l("You said, in Welsh (optional)"), 8000, thing=_l("what people said, in Welsh")
    )
    outcome_did_cy = _welsh(
        _l("We did, in Welsh (optional)"), 8000, thing=_l("what you did, in Welsh")
    )
    outcome_next_cy = _welsh(
        _l("What happens next, in Welsh (optional)"),
        4000,
        thing=_l("what happens next, in Welsh"),
    )
    outcome_young_summary_cy = _welsh(
        _l("Summary for young people in Welsh (optional)"),
        2000,
        thing=_l("the Welsh summary for young people"),
    )
    submit = GovukSubmitButton(_l("Publish the outcome"))

    FIELDS = ("outcome_asked", "outcome_said", "outcome_did", "outcome_next")
    WELSH = (
        "outcome_asked_cy",
        "outcome_said_cy",
        "outcome_did_cy",
        "outcome_next_cy",
        "outcome_young_summary_cy",
    )

    def validate(self, extra_validators=None, young: bool = False) -> bool:
        valid = super().validate(extra_validators)
        if young and not (self.outcome_young_summary.data or "").strip():
            self.outcome_young_summary.errors.append(
                _("Enter a summary for the young people who responded")
            )
            valid = False
        return valid


def equality_form(formdata=None, data=None):
    """The optional equality questions; each offers "prefer not to say"."""
    from app.consultations.choices import EQUALITY_QUESTIONS, PREFER_NOT

    class EqualityForm(PortalForm):
        submit = GovukSubmitButton(_l("Continue"))

    for name, (label, options) in EQUALITY_QUESTIONS.items():
        setattr(
            EqualityForm,
            name,
            GovukRadiosField(
                label,
                choices=[*options, PREFER_NOT],
                validators=[Optional()],
            ),
        )
    if formdata is not None:
        return EqualityForm(formdata=formdata)
    return EqualityForm(data=data or {})


class DocumentForm(PortalForm):
    title = GovukTextInputField(
        _l("Document title"),
        thing=_l("the document title"),
        validators=[DataRequired(_l("Enter a title for the document")), Length(max=200)],
    )
    title_cy = _welsh(
        _l("Document title in Welsh (optional)"),
        200,
        thing=_l("the Welsh document title"),
        textarea=False,
    )
    document = GovukFileField(
        _l("Upload a file"),
        description=_l("PDF, OpenDocument text (ODT) or Word (DOCX), up to 5 MB"),
        validators=[FileRequired(_l("Select a file"))],
    )
    submit = GovukSubmitButton(_l("Upload"))


class DocumentTitleForm(PortalForm):
    title = GovukTextInputField(
        _l("Document title"),
        thing=_l("the document title"),
        validators=[DataRequired(_l("Enter a title for the document")), Length(max=200)],
    )
    title_cy = _welsh(
        _l("Document title in Welsh (optional)"),
        200,
        thing=_l("the Welsh document title"),
        textarea=False,
    )
    submit = GovukSubmitButton(_l("Save"))


class SaveForLaterForm(PortalForm):
    email = GovukEmailField(
        _l("Email address"),
        description=_l("We will send a link to this address so you can carry on later."),
        validators=[
            DataRequired(_l("Enter an email address")),
        ],
    )
    submit = GovukSubmitButton(_l("Send me a link"))


class AnalysisFilterForm(PortalForm):
    """The analysis page's filters, read from the query string."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    version = GovukSelectField(
        _l("Version"),
        choices=[("", _l("Both versions")), *VERSIONS.items()],
        validate_choice=False,
    )
    respondent = GovukSelectField(
        _l("Responding as"),
        choices=[("", _l("Everyone")), *RESPONDENT_TYPES.items()],
        validate_choice=False,
    )
    date_from = UKDateField(_l("Received from"))
    date_to = UKDateField(_l("Received up to"))
    group_by = GovukSelectField(
        _l("Compare groups"),
        choices=[
            ("", _l("Everyone together")),
            ("respondent", _l("By respondent type")),
            ("age_band", _l("By age band (young people’s version)")),
        ],
        validate_choice=False,
    )
