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
from app.core.markdown_text import html_to_markdown, markdown_to_html

MARKDOWN_HINT = _l(
    "Leave a blank line between paragraphs. Start a line with ## for a heading "
    "and * for a bulleted list; put **two stars** around bold words; write a link "
    "as [the words to click](https://www.example.org). Use Preview to see how it "
    "will look."
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


def html_field(label, thing, description=MARKDOWN_HINT) -> MarkdownTextareaField:
    """Text staff may format, written in Markdown and stored as HTML that the
    services clean again with an allow-list on save."""
    return MarkdownTextareaField(
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


class MarkdownTextareaField(GovukTextareaField):
    """Formatted text staff write in Markdown: the form's data is the cleaned
    HTML the portal stores and shows; the box shows Markdown, also when the
    text was stored as HTML before (app.core.markdown_text)."""

    markdown: str | None = None

    def process_formdata(self, valuelist):
        if valuelist:
            self.markdown = valuelist[0]
            self.data = markdown_to_html(self.markdown)

    def _value(self) -> str:
        if self.markdown is not None:
            return self.markdown
        return html_to_markdown(self.data)


def welsh_markdown_field(label, thing, max_length: int = 20000) -> MarkdownTextareaField:
    """The Welsh of a formatted field, written the same way; it may wait."""
    return MarkdownTextareaField(
        label,
        thing=thing,
        description=MARKDOWN_HINT,
        validators=[Optional(), Length(max=max_length)],
        render_kw={"lang": "cy"},
    )
