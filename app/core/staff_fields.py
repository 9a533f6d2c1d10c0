"""The fields the staff editing forms share (a plan item, a consultation, an
event, a Right to Challenge service): the same words, limits and messages
everywhere, defined once. Each call makes a new field for the form's class body."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import (
    GovukSelectField,
    GovukTextareaField,
    GovukTextInputField,
    optional_int,
)

SIMPLE_HTML_HINT = _l(
    "You can use simple HTML for paragraphs, bulleted lists, bold text and links. "
    "Anything else, including scripts and styles, is removed when you save."
)


def title_field() -> GovukTextInputField:
    return GovukTextInputField(
        _l("Title"),
        thing=_l("the title"),
        validators=[DataRequired(_l("Enter a title")), Length(max=200)],
    )


def summary_field(description) -> GovukTextareaField:
    return GovukTextareaField(
        _l("Summary"),
        description=description,
        validators=[
            DataRequired(_l("Enter a summary")),
            Length(max=600, message=_l("Summary must be 600 characters or fewer")),
        ],
    )


def html_field(label, thing, description=SIMPLE_HTML_HINT) -> GovukTextareaField:
    """Text staff may format; the services clean it with an allow-list on save."""
    return GovukTextareaField(
        label, thing=thing, description=description, validators=[Optional(), Length(max=20000)]
    )


def service_area_field(**kwargs) -> GovukSelectField:
    """The area something is filed in; the view offers only the reader's own
    areas (`app.accounts.scoping.areas_for`)."""
    return GovukSelectField(
        _l("Service area"),
        coerce=optional_int,
        validators=[DataRequired(_l("Select a service area"))],
        **kwargs,
    )


# The Welsh twins (app.core.bilingual). Always optional: staff may save the
# English and leave the Welsh for the council's translator.


def welsh_title_field() -> GovukTextInputField:
    return GovukTextInputField(
        _l("Title in Welsh (optional)"),
        thing=_l("the title in Welsh"),
        validators=[Optional(), Length(max=200)],
    )


def welsh_summary_field() -> GovukTextareaField:
    return GovukTextareaField(
        _l("Summary in Welsh (optional)"),
        validators=[
            Optional(),
            Length(max=600, message=_l("Summary in Welsh must be 600 characters or fewer")),
        ],
    )


def welsh_text_field(label, thing, max_length: int = 20000, description=None):
    """Welsh for a longer English field: the label says which, and that it may wait."""
    return GovukTextareaField(
        label,
        thing=thing,
        description=description,
        validators=[Optional(), Length(max=max_length)],
    )
