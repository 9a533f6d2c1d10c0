"""A small in-process cache of public pages rendered for anonymous readers.

Every page is keyed by its URL, its language and the version of the content
it shows. Services bump the version in the same transaction as a change, so
each process notices the change with one cheap query on its next request and
never serves a stale page. Signed-in staff and non-GET requests are never
cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from threading import Lock

from flask import current_app, request
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.db import db
from app.core.models import ContentVersion


def bump_version(session: Session, name: str) -> None:
    """Mark content as changed; call inside the transaction that changes it."""
    changed = session.execute(
        update(ContentVersion)
        .where(ContentVersion.name == name)
        .values(version=ContentVersion.version + 1)
    ).rowcount
    if not changed:
        session.add(ContentVersion(name=name, version=1))


def current_version(session: Session, name: str) -> int:
    return session.scalar(select(ContentVersion.version).where(ContentVersion.name == name)) or 0


class _LRU:
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


_cache = _LRU()


def clear() -> None:
    _cache.clear()


def cached_page(content: str) -> Callable:
    """Cache a view's response per URL, language and content version."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            config = current_app.config
            if not config["PAGE_CACHE_ENABLED"] or current_user.is_authenticated:
                return view(*args, **kwargs)
            from app.core.i18n import current_language

            version = current_version(db.session, content)
            key = (request.full_path, current_language(), content, version)
            hit = _cache.get(key)
            if hit is not None:
                body, status, headers = hit
                return current_app.response_class(body, status=status, headers=headers)
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code == 200 and not response.direct_passthrough:
                headers = [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"]
                _cache.put(
                    key,
                    (response.get_data(), response.status_code, headers),
                    config["PAGE_CACHE_SIZE"],
                )
            return response

        return wrapped

    return decorator
