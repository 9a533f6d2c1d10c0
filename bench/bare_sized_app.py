"""The ceiling for bench/public_pages.py: bench/bare_app.py's page, padded to
the size asked for in the path (``/sized/<bytes>``), so each portal page is
compared with a bare Flask page of its own size served by the same server.
Pages smaller than bare_app's 20 items hold fewer items.

Run by bench/public_pages.py as ``gunicorn bare_sized_app:app`` from this folder.
"""

from __future__ import annotations

from functools import lru_cache

import bare_app
from markupsafe import Markup

app = bare_app.app


@lru_cache(maxsize=128)
def _calibrated(size: int):
    with app.test_request_context():
        for count in range(bare_app.ITEMS_PER_PAGE, 0, -1):
            base = len(bare_app._render(bare_app._items(0)[:count], "").encode())
            if base + 7 <= size:
                break
        else:
            raise ValueError(f"{size} bytes is smaller than the smallest bare page")
        items = bare_app._items((size - base - 7) // count)[:count]
        filler = "x" * (size - len(bare_app._render(items, Markup("<!---->")).encode()))
        tail = Markup(f"<!--{filler}-->")  # a constant, so safe to mark
    return items, tail


@app.get("/sized/<int:size>")
def sized(size: int):
    items, tail = _calibrated(size)
    return bare_app._render(items, tail)
