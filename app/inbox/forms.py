"""Forms for working an inbox item."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    SelectMultipleField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import (
    GovukRadiosField,
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
    UKDateField,
)
from app.inbox.kinds import STATUSES


class AssignForm(PortalForm):
    assignee = GovukSelectField(
        _l("Assigned to"),
        validators=[Optional()],
    )
    submit = GovukSubmitButton(_l("Assign"))


class StatusForm(PortalForm):
    # Choices are the item's own kind's statuses, set by the view.
    status = GovukRadiosField(
        _l("Status"),
        choices=list(STATUSES.items()),
        validators=[DataRequired(_l("Select a status"))],
    )
    note = GovukTextareaField(
        _l("Why (optional)"),
        description=_l("Kept in the item’s history. The submitter does not see it."),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    submit = GovukSubmitButton(_l("Change status"))


class NoteForm(PortalForm):
    text = GovukTextareaField(
        _l("Add an internal note"),
        description=_l("Only council staff can see notes."),
        validators=[
            DataRequired(_l("Enter a note")),
            Length(max=5000, message=_l("Use 5,000 characters or fewer")),
        ],
    )
    submit = GovukSubmitButton(_l("Add note"))


class DueForm(PortalForm):
    due_on = UKDateField(_l("Due date"))
    submit = GovukSubmitButton(_l("Set due date"))


class ReplyForm(PortalForm):
    message = GovukTextareaField(
        _l("Your message"),
        description=_l(
            "Sent by email in the submitter’s language, with their reference. "
            "Write plainly: they see exactly what you type."
        ),
        validators=[
            DataRequired(_l("Enter a message")),
            Length(max=5000, message=_l("Use 5,000 characters or fewer")),
        ],
    )
    submit = GovukSubmitButton(_l("Send reply"))


class CloseForm(PortalForm):
    outcome = GovukTextareaField(
        _l("Outcome"),
        description=_l("What was decided or done. Kept with the item and in its history."),
        validators=[
            DataRequired(_l("Enter the outcome")),
            Length(max=2000, message=_l("Use 2,000 characters or fewer")),
        ],
    )
    submit = GovukSubmitButton(_l("Close item"))


class TagsForm(PortalForm):
    tags = GovukTextInputField(
        _l("Themes"),
        description=_l("Separate themes with commas, for example: transport, cost of living"),
        validators=[Optional(), Length(max=600, message=_l("Use 600 characters or fewer"))],
    )
    submit = GovukSubmitButton(_l("Save themes"))


BULK_ACTIONS = {
    "assign": _l("Assign to"),
    "status": _l("Change status to"),
    "tag": _l("Add themes"),
    "reply": _l("Reply from a template"),
    "close": _l("Close with an outcome"),
}


class BulkForm(PortalForm):
    """The actions on the items ticked in the inbox list."""

    items = SelectMultipleField(validate_choice=False)
    action = GovukRadiosField(
        _l("What do you want to do with the selected items?"),
        choices=list(BULK_ACTIONS.items()),
        validators=[DataRequired(_l("Select what to do"))],
    )
    assignee = GovukSelectField(
        _l("Assign to"),
        validators=[Optional()],
    )
    status = GovukSelectField(
        _l("Change status to"),
        choices=list(STATUSES.items()),
        validators=[Optional()],
    )
    tags = GovukTextInputField(
        _l("Add themes"),
        thing=_l("the themes"),
        validators=[Optional(), Length(max=600)],
    )
    # Choices are the reply templates, set by the view.
    template = GovukSelectField(
        _l("Reply template"),
        validators=[Optional()],
    )
    outcome = GovukTextareaField(
        _l("Outcome"),
        thing=_l("the outcome"),
        validators=[Optional(), Length(max=2000)],
    )
    submit = GovukSubmitButton(_l("Apply to selected items"))
