"""The form behind /track."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length

from app.core.forms import GovukEmailField, GovukSubmitButton, GovukTextInputField, PortalForm


class TrackForm(PortalForm):
    reference = GovukTextInputField(
        _l("Reference"),
        thing=_l("your reference"),
        description=_l("For example, CON-2026-7K3QX9 or RTC-2026-7K3QX9"),
        validators=[DataRequired(_l("Enter your reference")), Length(max=40)],
    )
    email = GovukEmailField(
        _l("Email address you used"),
        validators=[
            DataRequired(_l("Enter the email address you used")),
        ],
    )
    submit = GovukSubmitButton(_l("Find"))
