"""What a request brings in, made safe once, before any form or view sees it.

Every form, filter and view reads its text from ``request.args`` and
``request.form`` (and uploads from ``request.files``). Werkzeug builds all
three with the request class's ``parameter_storage_class``, so cleaning there
covers every form in the portal, present and future:

- a multipart part without a name (``Content-Disposition: form-data`` and no
  ``name=``) cannot belong to any field, and a key of None breaks code that
  expects field names to be text (Flask-WTF's CSRF check calls
  ``key.endswith``): such parts are dropped;
- control characters are cleaned from names and values (see app.core.text),
  so no NUL ever reaches PostgreSQL from a form or a query string.

URL path segments are checked too: a NUL or control character in one is a
404, as no slug or reference contains one. Whole numbers in paths are
bounded to what a database integer holds, so an over-long id is a 404
rather than an overflow.
"""

from __future__ import annotations

from flask import Flask, abort
from flask.wrappers import Request
from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from app.core.text import clean_text, has_control_characters

# The largest value of a signed 64-bit integer column.
MAX_INTEGER = 2**63 - 1


def _clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, FileStorage) and value.filename:
        value.filename = clean_text(value.filename)
    return value


class CleanMultiDict(ImmutableMultiDict):
    """An ImmutableMultiDict that drops nameless entries and cleans text."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        kept = []
        for key, value in MultiDict(mapping).items(multi=True):
            if isinstance(key, str):
                kept.append((clean_text(key), _clean_value(value)))
            elif isinstance(value, FileStorage):
                # Werkzeug closes the files it hands out; this one it never will.
                value.close()
        super().__init__(kept)


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only what an id column can hold."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: routes pick their
    converters when they are added."""
    app.request_class = CleanRequest
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.url_value_preprocessor
    def refuse_control_characters(endpoint, values) -> None:
        if values and any(
            isinstance(value, str) and has_control_characters(value) for value in values.values()
        ):
            abort(404)
