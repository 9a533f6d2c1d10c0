"""Every file the portal hands out (documents, exports, calendar files) is
sent through `download`, so each gets a Content-Disposition a browser can
read whatever the file is called, and a streamed body has the application
around it while it is produced."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

from flask import Flask, Response, current_app
from flask_babel import force_locale
from werkzeug.http import quote_header_value

from app.core.i18n import current_language
from app.core.text import clean_text

# RFC 5987 attr-char: what may stand unescaped in filename*=.
_ATTR_CHARS = "!#$&+-.^_`|~"
# Characters no file name on any system can hold, or that separate folders.
_NOT_IN_NAMES = str.maketrans({"/": "-", "\\": "-", "\r": "", "\n": "", "\t": " "})


def _file_name(name: str) -> str:
    """The name as text: composed (as macOS may send it decomposed), with
    no control characters, line breaks or folder separators."""
    text = unicodedata.normalize("NFC", clean_text(name or "")).translate(_NOT_IN_NAMES)
    text = "".join(char for char in text if unicodedata.category(char) != "Cc")
    return " ".join(text.split()).strip(". ")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="..."`, plus RFC 5987's `filename*` when the
    name is not plain ASCII (Cynllun ŵyl.pdf), with an ASCII stand-in for
    old clients. Werkzeug's send_file writes the header the same way; this
    is that logic for bodies send_file cannot take (streams, bytes)."""
    name = _file_name(filename) or "download"
    header = "inline" if inline else "attachment"
    if name.isascii():
        return f"{header}; filename={quote_header_value(name, allow_token=False)}"
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    simple = _ascii(stem) or "download"
    if _ascii(extension):
        simple += "." + _ascii(extension)
    return (
        f"{header}; filename={quote_header_value(simple, allow_token=False)}; "
        f"filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"
    )


def _ascii(text: str) -> str:
    """ŵ as w, and so on; what has no ASCII letter is left out."""
    simple = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(simple.split()).strip(". ")


def _in_app_context(app: Flask, language: str, body: Iterable) -> Iterator:
    """Each piece made inside an application context, in the reader's
    language, popped again before the piece is handed on: the database
    engine, settings and translations are there, and no context is left
    pushed while the server waits for the client. (Flask's
    stream_with_context holds the request's context from the view until the
    body is closed, which breaks when responses are closed out of order.)"""
    pieces = iter(body)

    @contextmanager
    def context():
        with app.app_context(), force_locale(language):
            yield

    try:
        while True:
            with context():
                try:
                    piece = next(pieces)
                except StopIteration:
                    return
            yield piece
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            with context():
                close()


def download(
    body: bytes | str | Iterable[bytes] | Iterable[str],
    *,
    filename: str,
    mimetype: str,
    inline: bool = False,
    private: bool = False,
) -> Response:
    """A response that saves as `filename`.

    A generator body is produced after the view has returned, when the
    server sends it and Flask's contexts are gone: each piece is made inside
    an application context of its own (see `_in_app_context`). `private`
    files (personal data) are kept out of shared and browser caches.
    """
    if not isinstance(body, bytes | str):
        body = _in_app_context(current_app._get_current_object(), current_language(), body)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline)
    # The browser must take the type given, never guess one from the content.
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        response.headers["Cache-Control"] = "no-store"
    return response
