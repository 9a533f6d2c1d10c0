"""Fingerprinted static files, kept by browsers for a year.

``url_for('static', filename='css/app.css')`` gives
``/static/css/app.css?v=<first 12 hex digits of the file's SHA-256>``. A
request whose ``v`` is the file's fingerprint is answered with
``Cache-Control: public, max-age=31536000, immutable``: the address changes
whenever the file does, so a browser never needs to ask again. A request
without it, or with an old fingerprint (a page cached before a deployment),
gets the file as it is now with Flask's default (revalidate each time).

A file's fingerprint is worked out once and again only when its size or
modification time changes, so a rebuilt asset is picked up without a
restart. Each change raises `generation`, which the layout's kept fragments
(app.core.layout) include in their key.
"""

from __future__ import annotations

import hashlib
import os
from threading import Lock

from flask import Flask, current_app, request
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 60 * 60
FINGERPRINT_ARG = "v"
_STATE = "portal_static_fingerprints"


class _Fingerprints:
    def __init__(self) -> None:
        self.known: dict[str, tuple[tuple[int, int], str]] = {}
        self.generation = 0
        self.lock = Lock()


def fingerprint(app: Flask, filename: str | None) -> str | None:
    """The file's fingerprint, or None if there is no such static file."""
    if not filename or not app.static_folder:
        return None
    path = safe_join(app.static_folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    state: _Fingerprints = app.extensions[_STATE]
    signature = (stat.st_size, stat.st_mtime_ns)
    known = state.known.get(filename)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 16), b""):
            digest.update(chunk)
    value = digest.hexdigest()[:12]
    with state.lock:
        if known is not None:
            state.generation += 1
        state.known[filename] = (signature, value)
    return value


def generation(app: Flask) -> int:
    return app.extensions[_STATE].generation


def requested_fingerprint_is_current(filename: str | None) -> bool:
    asked = request.args.get(FINGERPRINT_ARG)
    return bool(asked) and asked == fingerprint(current_app._get_current_object(), filename)


def init_app(app: Flask) -> None:
    app.extensions[_STATE] = _Fingerprints()

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint != "static" or FINGERPRINT_ARG in values:
            return
        if not app.config.get("STATIC_FINGERPRINTS", True):
            return
        value = fingerprint(app, values.get("filename"))
        if value:
            values[FINGERPRINT_ARG] = value
