"""Staff-written rich text is cleaned with an allow-list before it is stored
and again before it is shown, so nothing stored can ever carry script."""

from __future__ import annotations

import html
import re

import bleach
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h2", "h3", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})


def _govuk_link(attrs, new=False):
    attrs[(None, "class")] = "govuk-link"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_linker = bleach.Linker(callbacks=[_govuk_link])


# Script and style bodies are code, not words: drop them whole rather than
# leave their text behind once the tags are stripped.
_CODE_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)


def clean_html(html: str | None) -> str:
    return _linker.linkify(_cleaner.clean(_CODE_BLOCKS.sub("", html or ""))).strip()


def safe_html(html: str | None) -> Markup:
    """Mark stored HTML safe for a template only after cleaning it again."""
    return Markup(clean_html(html))  # noqa: S704  (cleaned by the allow-list above)


def plain_text(source: str | None) -> str:
    """The words of stored HTML with every tag removed, for feeds and exports."""
    return " ".join(html.unescape(bleach.clean(source or "", tags=set(), strip=True)).split())
