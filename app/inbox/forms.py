"""Forms for working an inbox item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import NOT_A_CHOICE, UKDateField
from app.inbox.kinds import STATUSES


class AssignForm(FlaskForm):
    assignee = SelectField(
        _l("Assigned to"),
        widget=GovSelect(),
        invalid_choice_message=NOT_A_CHOICE,
        validators=[Optional()],
    )
    submit = SubmitField(_l("Assign"), widget=GovSubmitInput())


class StatusForm(FlaskForm):
    # Choices are the item's own kind's statuses, set by the view.
    status = RadioField(
        _l("Status"),
        choices=list(STATUSES.items()),
        widget=GovRadioInput(),
        invalid_choice_message=NOT_A_CHOICE,
        validators=[DataRequired(_l("Select a status"))],
    )
    note = TextAreaField(
        _l("Why (optional)"),
        description=_l("Kept in the item’s history. The submitter does not see it."),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Change status"), widget=GovSubmitInput())


class NoteForm(FlaskForm):
    text = TextAreaField(
        _l("Add an internal note"),
        description=_l("Only council staff can see notes."),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter a note")),
            Length(max=5000, message=_l("Use 5,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Add note"), widget=GovSubmitInput())


class DueForm(FlaskForm):
    due_on = UKDateField(_l("Due date"))
    submit = SubmitField(_l("Set due date"), widget=GovSubmitInput())


class ReplyForm(FlaskForm):
    message = TextAreaField(
        _l("Your message"),
        description=_l(
            "Sent by email in the submitter’s language, with their reference. "
            "Write plainly: they see exactly what you type."
        ),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter a message")),
            Length(max=5000, message=_l("Use 5,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Send reply"), widget=GovSubmitInput())


class CloseForm(FlaskForm):
    outcome = TextAreaField(
        _l("Outcome"),
        description=_l("What was decided or done. Kept with the item and in its history."),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter the outcome")),
            Length(max=2000, message=_l("Use 2,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Close item"), widget=GovSubmitInput())


class TagsForm(FlaskForm):
    tags = StringField(
        _l("Themes"),
        description=_l("Separate themes with commas, for example: transport, cost of living"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=600, message=_l("Use 600 characters or fewer"))],
    )
    submit = SubmitField(_l("Save themes"), widget=GovSubmitInput())


BULK_ACTIONS = {
    "assign": _l("Assign to"),
    "status": _l("Change status to"),
    "tag": _l("Add themes"),
}


class BulkForm(FlaskForm):
    """The actions on the items ticked in the inbox list."""

    items = SelectMultipleField(validate_choice=False)
    action = RadioField(
        _l("What do you want to do with the selected items?"),
        choices=list(BULK_ACTIONS.items()),
        widget=GovRadioInput(),
        invalid_choice_message=NOT_A_CHOICE,
        validators=[DataRequired(_l("Select what to do"))],
    )
    assignee = SelectField(
        _l("Assign to"),
        widget=GovSelect(),
        invalid_choice_message=NOT_A_CHOICE,
        validators=[Optional()],
    )
    status = SelectField(
        _l("Change status to"),
        choices=list(STATUSES.items()),
        widget=GovSelect(),
        invalid_choice_message=NOT_A_CHOICE,
        validators=[Optional()],
    )
    tags = StringField(
        _l("Add themes"), widget=GovTextInput(), validators=[Optional(), Length(max=600)]
    )
    submit = SubmitField(_l("Apply to selected items"), widget=GovSubmitInput())
