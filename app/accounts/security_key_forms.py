"""The forms behind security keys: naming a new key, using one, removing one.

The browser's part (navigator.credentials) is done by
assets/src/js/security-keys.js, which puts the authenticator's answer, or
the name of the error the browser gave, in the hidden fields and sends the
form: every message a person reads comes from the server, in their language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from app.accounts.security_keys import NAME_LENGTH
from app.core.forms import GovukPasswordField, GovukTextInputField, PortalForm

# The authenticator's answer: a few kilobytes at most, even with attestation.
CREDENTIAL_LENGTH = 64 * 1024


class _CeremonyForm(PortalForm):
    credential = HiddenField(validators=[Length(max=CREDENTIAL_LENGTH)])
    # The DOMException name the browser gave (NotAllowedError, ...), if any.
    client_error = HiddenField(validators=[Length(max=60)])


class AddSecurityKeyForm(_CeremonyForm):
    name = GovukTextInputField(
        _l("Name this security key"),
        thing=_l("a name for this security key"),
        description=_l(
            "So you can tell your keys apart, for example "
            "“Blue key on my keyring” or “Work laptop”."
        ),
        validators=[
            DataRequired(_l("Enter a name for this security key")),
            Length(
                max=NAME_LENGTH,
                message=_l("The name must be %(max)d characters or fewer", max=NAME_LENGTH),
            ),
        ],
    )


class UseSecurityKeyForm(_CeremonyForm):
    """Signing in, or confirming a removal, with a key."""


class RemoveWithPasswordForm(PortalForm):
    password = GovukPasswordField(
        _l("Your password"),
        thing=_l("your password"),
        validators=[DataRequired(_l("Enter your password")), Length(max=500)],
    )
