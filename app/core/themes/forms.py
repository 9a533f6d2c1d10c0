"""Forms on the suggested-themes page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length

from app.core.forms import GovukRadiosField, GovukSelectField, GovukTextInputField, PortalForm
from app.core.themes.services import MAX_NAME_LENGTH


class GroupFilterForm(PortalForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    group = GovukSelectField(_l("Whose answers"), validate_choice=False, default="")


class AcceptForm(PortalForm):
    """Accept (tagging answers above the threshold) or only rename."""

    # Several of these share a page, each with its theme's prefix: the page
    # carries the token as a plain `csrf_token` field, which CSRFProtect checks
    # on every POST.
    class Meta:
        csrf = False

    name = GovukTextInputField(
        _l("Theme name"),
        thing=_l("a theme name"),
        validators=[DataRequired(), Length(max=MAX_NAME_LENGTH)],
    )
    threshold = GovukRadiosField(
        _l("Tag the answers that are at least this much about the theme"),
        thing=_l("how much an answer must be about the theme"),
        validators=[DataRequired()],
    )


class MergeForm(PortalForm):
    # Several of these share a page, each with its theme's prefix: the page
    # carries the token as a plain `csrf_token` field, which CSRFProtect checks
    # on every POST.
    class Meta:
        csrf = False

    into = GovukSelectField(
        _l("Merge into"), thing=_l("the theme to merge into"), validators=[DataRequired()]
    )


class DiscardForm(PortalForm):
    class Meta:
        csrf = False


class SuggestForm(PortalForm):
    pass
