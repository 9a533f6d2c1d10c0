"""Parts of a page that are a pure function of what they show, rendered
once and kept: a row of a long list, a pagination bar.

The key a caller gives holds everything the part shows (the words, the
dates, the links' arguments); the language and the address the portal is
served under are added here. Whatever changes, the key changes with it, so
a kept part can never be out of date, and nothing is kept that came from a
visitor: these are parts of public lists, which are the same for everyone."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app, request
from markupsafe import Markup, escape

from app.core.i18n import current_language
from app.core.page_cache import LRU

_KEPT = "portal_kept_fragments"


def kept(key: tuple[Hashable, ...], macro: Callable[..., str], *args) -> Markup:
    """``{{ kept(key, macro, args...) }}``: `macro(*args)`, rendered only the
    first time this key is seen in this language."""
    store: LRU = current_app.extensions[_KEPT]
    full_key = (current_language(), request.script_root, *key)
    html = store.get(full_key)
    if html is None:
        html = escape(macro(*args))  # a macro's output is Markup already
        store.put(full_key, html, current_app.config["FRAGMENT_CACHE_SIZE"])
    return html


def clear(app: Flask) -> None:
    app.extensions[_KEPT].clear()


def init_app(app: Flask) -> None:
    app.extensions[_KEPT] = LRU()
    app.add_template_global(kept)
