"""The portal's Flask class: one public address for every absolute link, and
a session that notes what a page read from it.

A request's Host (or X-Forwarded-Host) header is chosen by whoever sends it.
Building emailed links from it let a forged request mail a real supplier a
sign-in link on someone else's site, and let one forged request poison the
page cache for everyone. So every absolute URL is built here, from
``PUBLIC_BASE_URL``, and no view can ask for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask
from flask.globals import _cv_request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.routing import BuildError, MapAdapter

from app.config import public_base_url

_FLASHES = "_flashes"  # where flask.flash keeps messages until they are shown
_ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"  # as Flask.url_for quotes an anchor


class VisitorSession(SecureCookieSession):
    """Remembers which keys were read, so a page that showed something of
    its visitor's (a form's CSRF token, a draft, a reference) can be told
    from one that is the same for everyone."""

    def __init__(self, initial: Any = None) -> None:
        super().__init__(initial)
        self.keys_read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.keys_read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.keys_read.add(str(key))
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.keys_read.add(key)
        return super().get(key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self.keys_read.add(key)
        return super().pop(key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.keys_read.add(key)
        return super().setdefault(key, default)

    def holds_flashes(self) -> bool:
        return bool(dict.get(self, _FLASHES))

    def holds_any(self, keys: Iterable[str]) -> bool:
        return any(dict.__contains__(self, key) for key in keys)

    def used_by_page(self) -> bool:
        """Whether anything (since ``watch()``) changed this session or read
        a value it holds. Looking for a key this visitor does not have, as
        every page does for flashed messages, says nothing about them."""
        return self.modified or self.holds_any(self.keys_read)

    def watch(self) -> tuple[set[str], bool]:
        before = (self.keys_read, self.modified)
        self.keys_read, self.modified = set(), False
        return before

    def unwatch(self, before: tuple[set[str], bool]) -> None:
        keys_read, modified = before
        self.keys_read |= keys_read
        # The cookie must still be saved if anything changed, before or during.
        self.modified = self.modified or modified


class VisitorSessionInterface(SecureCookieSessionInterface):
    session_class = VisitorSession


@lru_cache(maxsize=8)
def _public_parts(base_url: str) -> tuple[str, str, str]:
    checked = public_base_url(base_url)
    parts = urlsplit(checked)
    return parts.scheme, parts.netloc, parts.path or "/"


class Portal(Flask):
    session_interface = VisitorSessionInterface()

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """A year for a static file asked for by its current fingerprint
        (app.core.static_assets); Flask's default otherwise."""
        from app.core.static_assets import ONE_YEAR, requested_fingerprint_is_current

        if _cv_request.get(None) is not None and requested_fingerprint_is_current(filename):
            return ONE_YEAR
        return super().get_send_file_max_age(filename)

    def send_static_file(self, filename: str):
        response = super().send_static_file(filename)
        if response.cache_control.max_age:
            # The address changes with the file: never worth revalidating.
            response.cache_control.immutable = True
        return response

    def public_url_adapter(self) -> MapAdapter:
        """Builds URLs on PUBLIC_BASE_URL's scheme, host and path: a portal
        served under https://council.example/portal links to
        https://council.example/portal/plans/, whatever the request said."""
        scheme, netloc, path = _public_parts(self.config["PUBLIC_BASE_URL"])
        return self.url_map.bind(netloc, script_name=path, url_scheme=scheme)

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        req_ctx = _cv_request.get(None)
        if _external is None:
            # Flask's own defaults: relative inside a request, absolute outside.
            _external = _scheme is not None or req_ctx is None
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        if req_ctx is not None and not _external and req_ctx.url_adapter is not None:
            # A path on this site: the request's own script root is right.
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)

        # Absolute, outside a request, or for a request whose Host was refused
        # (it has no URL adapter): the public address decides.
        if req_ctx is not None and endpoint[:1] == ".":
            blueprint = req_ctx.request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        self.inject_url_defaults(endpoint, values)
        try:
            url = self.public_url_adapter().build(
                endpoint, values, method=_method, url_scheme=_scheme, force_external=_external
            )
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            url = f"{url}#{quote(_anchor, safe=_ANCHOR_SAFE)}"
        return url
