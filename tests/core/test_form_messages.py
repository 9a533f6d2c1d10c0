"""Every field of every form answers bad input in the portal's own words, in
English and in Welsh: never WTForms' English default ("This field is
required.", "Field cannot be longer than 200 characters.", "Not a valid
choice.")."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask_babel import Domain, force_locale, get_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, SelectFieldBase, SubmitField
from wtforms.csrf.core import CSRFTokenField

import app as app_package

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
WTFORMS_CATALOGUE = Path(inspect.getfile(FlaskForm)).parents[1] / "wtforms" / "locale"

LONG = "x" * 100_001
# Each field is sent one of these per round; a field cycles through its list.
TEXT_INPUTS = [
    "",
    "   ",
    LONG,
    "<script>alert(1)</script>",
    "not an email",
    "-1",
    "999999999999999999",
    "0",
    "²",
    "25:99",
]
CHOICE_INPUTS = ["", "not-a-choice", "0", "-1", LONG]
DATE_INPUTS = [["", "", ""], ["1", "", ""], ["31", "2", "2024"], ["x", "y", "zzzz"], [LONG] * 3]
ROUNDS = max(len(TEXT_INPUTS), len(CHOICE_INPUTS), len(DATE_INPUTS))


def _wtforms_defaults() -> list[re.Pattern]:
    """WTForms' own messages, from its catalogue, as patterns."""
    pot = next(WTFORMS_CATALOGUE.glob("*.pot"))
    with pot.open("rb") as handle:
        catalogue = read_po(handle)
    patterns = []
    for entry in catalogue:
        for text in entry.id if isinstance(entry.id, tuple) else (entry.id,):
            if not text:
                continue
            parts = re.split(r"%\([a-z_]+\)[sd]", text.rstrip("."))
            patterns.append(re.compile(".*".join(re.escape(part) for part in parts)))
    return patterns


DEFAULTS = _wtforms_defaults()


class _Welsh:
    """The Welsh catalogue as it stands in the .po file (fuzzy and empty
    entries left out, as compiling leaves them out), noting each message
    asked for that it lacks, so a message half in English is caught too."""

    def __init__(self):
        with PO_FILE.open("rb") as handle:
            catalogue = read_po(handle, locale="cy")
        compiled = BytesIO()
        write_mo(compiled, catalogue)
        compiled.seek(0)
        self.translations = Translations(fp=compiled)
        self.listening = False
        self.missing: set[str] = set()

    def ugettext(self, message):
        if self.listening and message not in self.translations._catalog:
            self.missing.add(message)
        return self.translations.ugettext(message)

    def ungettext(self, singular, plural, count):
        if self.listening and (singular, 0) not in self.translations._catalog:
            self.missing.add(singular)
        return self.translations.ungettext(singular, plural, count)

    def __getattr__(self, name):
        return getattr(self.translations, name)


def _form_classes() -> list[type]:
    found = {}
    for module_info in pkgutil.walk_packages(app_package.__path__, "app."):
        module = importlib.import_module(module_info.name)
        for _name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, FlaskForm)
                and value.__module__.startswith("app.")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _question(**values):
    from app.consultations.models import ConsultationQuestion

    fields = {
        "id": 1,
        "text": "Question",
        "text_cy": "",
        "help_text": "",
        "help_text_cy": "",
        "required": True,
        "max_length": None,
        "choices": ["One", "Two", "Three"],
        "young_text": "",
        "young_text_cy": "",
        "young_help_text": "",
        "young_help_text_cy": "",
    }
    fields.update(values)
    return ConsultationQuestion(**fields)


def _built_forms() -> dict:
    """Forms built from questions at run time, one of each kind."""
    from app.consultations import choices as consultation_choices
    from app.consultations.forms import equality_form, page_form
    from app.surveys import forms as survey_forms
    from app.surveys import models as survey_models

    builders = {}
    for kind in consultation_choices.QUESTION_KINDS:
        builders[f"consultation page ({kind})"] = lambda formdata, kind=kind: page_form(
            [_question(kind=kind)], False, {}, formdata=formdata
        )
    builders["consultation equality questions"] = lambda formdata: equality_form(formdata=formdata)
    kinds = (survey_models.SINGLE, survey_models.MULTIPLE, survey_models.SCALE, survey_models.TEXT)
    for kind in kinds:
        builders[f"survey answer ({kind})"] = lambda formdata, kind=kind: survey_forms.answer_form(
            _survey_question(kind), [], formdata=formdata
        )
    return builders


def _survey_question(kind):
    from app.surveys.models import SurveyQuestion

    return SurveyQuestion(
        kind=kind,
        text="Question",
        text_cy="",
        help_text="",
        help_text_cy="",
        required=True,
        max_length=None,
        choices=[{"key": "one", "en": "One"}, {"key": "two", "en": "Two"}],
    )


def _inputs(field, round_: int):
    if isinstance(field, SubmitField | HiddenField | CSRFTokenField):
        return None
    if getattr(field, "first_input_suffix", "") == "-day":
        return DATE_INPUTS[round_ % len(DATE_INPUTS)]
    if isinstance(field, BooleanField):
        return ["y"] if round_ % 2 else []
    if isinstance(field, SelectFieldBase):
        return [CHOICE_INPUTS[round_ % len(CHOICE_INPUTS)]]
    return [TEXT_INPUTS[round_ % len(TEXT_INPUTS)]]


def _fill_choices(form) -> None:
    for field in form:
        if isinstance(field, SelectFieldBase) and field.choices is None:
            field.choices = [(1, "One"), (2, "Two")]


def _field_names(build) -> list[str]:
    # The CSRF token's message is Flask-WTF's, tested with the pages.
    return [field.name for field in build(None) if not isinstance(field, CSRFTokenField)]


def _messages(build, round_: int, names: list[str], welsh=None) -> dict:
    """{field name: [messages]} for one round of bad input."""
    formdata = MultiDict()
    template = build(None)
    for field in template:
        values = _inputs(field, round_)
        for value in values or ():
            formdata.add(field.name, value)
    form = build(formdata)
    _fill_choices(form)
    if welsh is not None:
        welsh.listening, welsh.missing = True, set()
    form.validate()
    messages = {name: [str(message) for message in form[name].errors] for name in names}
    if welsh is not None:
        welsh.listening = False
    return messages


def _builders() -> dict:
    builders = {}
    for form_class in _form_classes():

        def build(formdata, form_class=form_class):
            return form_class(formdata=formdata, meta={"csrf": False})

        builders[f"{form_class.__module__}.{form_class.__qualname__}"] = build
    builders.update(_built_forms())
    return builders


def _default_messages(app) -> tuple[dict, dict]:
    """Messages that are WTForms' defaults, and messages with no Welsh.

    Each maps "form: field" to the first such message."""
    welsh = _Welsh()
    defaults, untranslated = {}, {}
    original = Domain.get_translations

    def translations(self):
        if str(get_locale()) == "cy":
            return welsh
        return NullTranslations()

    Domain.get_translations = translations
    try:
        with app.test_request_context(method="POST"):
            for form_name, build in _builders().items():
                names = _field_names(build)
                for round_ in range(ROUNDS):
                    english = _messages(build, round_, names)
                    with force_locale("cy"):
                        cymraeg = _messages(build, round_, names, welsh)
                    if welsh.missing:
                        untranslated.setdefault(form_name, sorted(welsh.missing))
                    for name in names:
                        key = f"{form_name}: {name}"
                        for text, text_cy in zip(english[name], cymraeg[name], strict=False):
                            if any(pattern.match(text) for pattern in DEFAULTS):
                                defaults.setdefault(key, text)
                            elif text == text_cy:
                                untranslated.setdefault(key, text)
    finally:
        Domain.get_translations = original
    return defaults, untranslated


@pytest.fixture(scope="module")
def found(app):
    return _default_messages(app)


def test_every_form_is_found(app):
    names = set(_builders())
    assert "app.accounts.forms.SignInForm" in names
    assert "app.events.forms.EventForm" in names
    assert len(names) > 40


def test_no_field_shows_a_wtforms_default_message(found):
    defaults, _untranslated = found
    assert defaults == {}, f"{len(defaults)} fields show WTForms' own message"


def test_every_field_message_has_a_welsh_translation(found):
    _defaults, untranslated = found
    assert untranslated == {}, f"{len(untranslated)} fields' messages have no Welsh"


def test_a_field_without_its_message_is_caught(app):
    """The check above can fail: a field that loses its message shows WTForms' default."""
    from wtforms import StringField
    from wtforms.validators import Length

    class Careless(FlaskForm):
        name = StringField("Name", validators=[Length(max=3)])

    with app.test_request_context(method="POST"):
        form = Careless(formdata=MultiDict({"name": "four"}), meta={"csrf": False})
        form.validate()
    assert any(pattern.match(str(form.name.errors[0])) for pattern in DEFAULTS)


def test_a_portal_field_cannot_be_declared_without_its_thing(app):
    from wtforms.validators import Length

    from app.core.forms import GovukTextInputField, PortalForm

    class Careless(PortalForm):
        name = GovukTextInputField("Name", validators=[Length(max=3)])

    with app.test_request_context(method="POST"), pytest.raises(TypeError, match="thing="):
        Careless(meta={"csrf": False})


def test_wtforms_own_words_follow_each_readers_language_in_one_process(app):
    from app.core.forms import PortalForm

    seen = []
    for language in ("cy", "en", "cy"):
        with app.test_request_context("/", headers={"Cookie": f"language={language}"}):
            form = PortalForm(meta={"csrf": False})
            seen.append(form.meta.get_translations(form).gettext("This field is required."))
    assert seen == [
        "Rhaid cwblhau'r maes hwn.",
        "This field is required.",
        "Rhaid cwblhau'r maes hwn.",
    ]
