"""A small in-process cache of public pages rendered for anonymous readers.

Every page is keyed by the public address, its path and query, its language
and the version of the content it shows. Services bump the version in the
same transaction as a change.

Only pages that are the same for every anonymous visitor are kept: a visitor
who is signed in (staff or supplier) or has a message waiting to be shown is
neither served from the cache nor stored in it, and a page whose rendering
read or changed its visitor's session (a form's CSRF token, a draft) or that
sets a cookie is never stored. A kept page remembers which session keys its
rendering looked for and found missing; a visitor who has one of them gets
the page rendered for them instead. Absolute links in a page come from
PUBLIC_BASE_URL (see app.core.application), so the Host a request claims
cannot reach a cached page either.

Reading the version is itself a database round trip, so each process keeps
what it read for `PAGE_CACHE_VERSION_TTL` seconds (one by default). The
process that commits a change forgets its copy at once, so its own next
request shows the change; other processes show it within that second. A
page is therefore never more than a second out of date, and a cache hit
touches neither the database nor the template engine.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from threading import Lock

from flask import current_app, g, request, session
from sqlalchemy import event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.application import VisitorSession
from app.core.db import db
from app.core.models import ContentVersion
from app.core.security import visitor_is_signed_in

_BUMPED = "page_cache_bumped"


def _next_version(name: str):
    return (
        update(ContentVersion)
        .where(ContentVersion.name == name)
        .values(version=ContentVersion.version + 1)
    )


def bump_version(session: Session, name: str) -> None:
    """Mark content as changed; call inside the transaction that changes it."""
    changed = session.execute(_next_version(name)).rowcount
    if not changed:
        session.add(ContentVersion(name=name, version=1))
    session.info.setdefault(_BUMPED, set()).add(name)


def bump_version_after(name: str) -> None:
    """Mark content as changed in a short transaction of its own, once the
    change has committed. For changes made under row locks (a booking holds
    its event's row), so the version's row is never held with them and two
    such transactions cannot wait for each other."""
    for _attempt in range(2):
        try:
            with db.engine.begin() as conn:
                changed = conn.execute(_next_version(name)).rowcount
                if not changed:
                    conn.execute(insert(ContentVersion).values(name=name, version=1))
            break
        except IntegrityError:
            continue  # another process made the row first: bump it instead
    _versions.pop(name, None)


def current_version(session: Session, name: str) -> int:
    return session.scalar(select(ContentVersion.version).where(ContentVersion.name == name)) or 0


class LRU:
    def __init__(self) -> None:
        self._entries: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, value, limit: int) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache = LRU()
# content name -> (version, monotonic time it was read)
_versions: dict[str, tuple[int, float]] = {}


@event.listens_for(Session, "after_commit")
def _forget_committed_versions(session: Session) -> None:
    for name in session.info.pop(_BUMPED, ()):
        _versions.pop(name, None)


@event.listens_for(Session, "after_rollback")
def _discard_uncommitted_bumps(session: Session) -> None:
    session.info.pop(_BUMPED, None)


def clear() -> None:
    _cache.clear()
    _versions.clear()


def _version(name: str, ttl: float) -> int:
    now = time.monotonic()
    known = _versions.get(name)
    if known is not None and now - known[1] < ttl:
        return known[0]
    version = current_version(db.session, name)
    _versions[name] = (version, now)
    return version


def _anonymous_visitor(visitor: object) -> bool:
    return (
        isinstance(visitor, VisitorSession)
        and not visitor.holds_flashes()
        and not visitor_is_signed_in()
    )


def _same_for_everyone(response, visitor: VisitorSession) -> bool:
    cache_control = response.cache_control
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not (cache_control.private or cache_control.no_store)
        and not visitor.used_by_page()
        and current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g
    )


def cached_page(
    content: str,
    *more: str,
    lifetime: int | None = None,
    fresh_until: Callable[[], float | None] | None = None,
) -> Callable:
    """Cache a view's response for anonymous visitors, per public address,
    URL, language and content version.

    A page that shows several kinds of content names each of them. A page
    that shows what is open *now* (which changes as time passes, with no
    content changing) gives a `lifetime` in seconds: it is rendered afresh
    at least that often. Or, better, `fresh_until`: called as the page is
    rendered, it says when (seconds since the epoch) time alone will next
    change it, such as the moment a consultation opens or closes, and the
    page is served from the cache only until then (None: no such moment)."""
    contents = (content, *more)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            config = current_app.config
            if not config["PAGE_CACHE_ENABLED"]:
                return view(*args, **kwargs)
            visitor = session._get_current_object()
            if not _anonymous_visitor(visitor):
                return view(*args, **kwargs)
            from app.core.i18n import current_language

            ttl = config["PAGE_CACHE_VERSION_TTL"]
            version = tuple(_version(name, ttl) for name in contents)
            if lifetime:
                version += (int(time.time() // lifetime),)
            key = (
                "anonymous",
                config["PUBLIC_BASE_URL"],
                request.script_root,
                request.full_path,
                current_language(),
                contents,
                version,
            )
            hit = _cache.get(key)
            # A page rendered for someone without, say, a draft would look
            # different for a visitor who has one: render theirs afresh.
            if (
                hit is not None
                and not visitor.holds_any(hit[3])
                and (hit[4] is None or time.time() < hit[4])
            ):
                body, status, headers, _looked_up, _until = hit
                return current_app.response_class(body, status=status, headers=headers)
            before = visitor.watch()
            try:
                response = current_app.make_response(view(*args, **kwargs))
                looked_up = frozenset(visitor.keys_read)
                keep = _same_for_everyone(response, visitor)
            finally:
                visitor.unwatch(before)
            if keep:
                _cache.put(
                    key,
                    (
                        response.get_data(),
                        response.status_code,
                        list(response.headers.items()),
                        looked_up,
                        fresh_until() if fresh_until else None,
                    ),
                    config["PAGE_CACHE_SIZE"],
                )
            return response

        return wrapped

    return decorator
