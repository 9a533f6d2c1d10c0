"""Staff write formatted text in Markdown; the portal stores and shows HTML.

Markdown is turned into HTML and then cleaned with the same allow-list as
everything else staff write (app.core.sanitise), so no one needs to type
HTML and nothing typed can carry script. Text pasted as HTML (from an older
page, say) goes through the same allow-list, so it keeps its paragraphs and
loses anything else. Text stored as HTML
before staff wrote Markdown is turned back into Markdown for editing, so
nothing needs migrating and each save round-trips.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdownify import markdownify

from app.core.sanitise import clean_html

# CommonMark without images (an image would reach the allow-list without its
# words): a paragraph, a heading, a list, a link, bold, emphasis or a
# quotation is all the portal shows.
_parser = MarkdownIt("commonmark").disable(["image"])

# The page's own title is the only h1; staff headings are h2 and h3.
_HEADING = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}


def markdown_to_html(text: str | None) -> str:
    """The cleaned HTML of what staff wrote; empty for empty text."""
    if not (text or "").strip():
        return ""
    tokens = _parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING[token.tag]
    return clean_html(_parser.renderer.render(tokens, _parser.options, {}))


def html_to_markdown(html: str | None) -> str:
    """Stored HTML as the Markdown a member of staff would have typed."""
    if not (html or "").strip():
        return ""
    return markdownify(
        clean_html(html), heading_style="ATX", bullets="*", escape_underscores=False
    ).strip()
