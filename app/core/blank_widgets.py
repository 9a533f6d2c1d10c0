"""GOV.UK form widgets that render a blank field once per language and
reuse the HTML.

Rendering a field through the GOV.UK macros costs about half a millisecond
for a text box and several for a long list of checkboxes: the supplier
registration form's two dozen fields were most of its render time. A blank
field's HTML is the same for every visitor, so it is rendered once. Only a
field with nothing typed or chosen and no error is reused, so what one
person entered is never kept once their page is sent; and only on pages for
visitors who are not signed in, whose forms hold nothing but the council's
published words (a staff form's labels may name people, such as the
attendees of an event)."""

from __future__ import annotations

import json
from threading import Lock

from flask import has_request_context
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)

from app.core.i18n import current_language
from app.core.security import visitor_is_signed_in

# An entry is one field's HTML in one language: a few kilobytes at most.
MAX_ENTRIES = 1024
_rendered: dict[str, object] = {}
_lock = Lock()


def _nothing_entered(params: dict) -> bool:
    return not params.get("value") and not params.get("errorMessage")


def _nothing_chosen(params: dict) -> bool:
    if params.get("errorMessage"):
        return False
    # A revealed question's HTML may hold what someone typed in it.
    return not any(
        item.get("checked") or item.get("selected") or item.get("conditional")
        for item in params.get("items") or ()
    )


class _RenderedOnceWhenBlank:
    template: str

    @staticmethod
    def blank(params: dict) -> bool:
        return _nothing_entered(params)

    def render(self, params):
        if not self.blank(params) or not has_request_context() or visitor_is_signed_in():
            return super().render(params)
        # Labels and hints in params are already in the visitor's language;
        # the language is in the key too, for any words a macro adds itself.
        key = json.dumps([self.template, current_language(), params], sort_keys=True, default=str)
        html = _rendered.get(key)
        if html is None:
            html = super().render(params)
            with _lock:
                if len(_rendered) >= MAX_ENTRIES:
                    _rendered.clear()
                _rendered[key] = html
        return html


class _Choices(_RenderedOnceWhenBlank):
    blank = staticmethod(_nothing_chosen)


class BlankOnceTextInput(_RenderedOnceWhenBlank, GovTextInput):
    pass


class BlankOnceTextArea(_RenderedOnceWhenBlank, GovTextArea):
    pass


class BlankOncePasswordInput(_RenderedOnceWhenBlank, GovPasswordInput):
    pass


class BlankOnceCheckboxes(_Choices, GovCheckboxesInput):
    pass


class BlankOnceCheckbox(_Choices, GovCheckboxInput):
    pass


class BlankOnceRadios(_Choices, GovRadioInput):
    pass


class BlankOnceSelect(_Choices, GovSelect):
    pass


class BlankOnceSubmit(_RenderedOnceWhenBlank, GovSubmitInput):
    """A button's text is the same for everyone."""

    blank = staticmethod(lambda params: True)
