"""The ceiling for bench/plans_list.py: a bare Flask app serving a list page.

Flask and Jinja only: no database, no extensions, no context processors. Its
one route renders a page of 20 list items, padded to exactly
``BARE_PAGE_BYTES`` bytes (the median size of the portal's /plans/ pages in
the same run), so the comparison isolates what the portal does on top of
"receive a request, render a template of this size, send it".

The template comes from a DictLoader through ``render_template`` rather than
``render_template_string``: the latter compiles the source again on every
call (Jinja's ``from_string`` has no cache), which would make the ceiling
artificially low, whereas the portal renders templates compiled once.

Run by bench/plans_list.py as ``gunicorn bare_app:app`` from this folder.
"""

from __future__ import annotations

import os

from flask import Flask, render_template
from jinja2 import DictLoader
from markupsafe import Markup

ITEMS_PER_PAGE = 20

# Shaped like plans/index.html: a heading, a list of items with a title link,
# a summary and a few facts, then a pagination bar. Values are escaped like
# the portal's, so Jinja does comparable per-item work.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Forward commissioning plan – page {{ page }}</title></head>
<body>
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-xl">Forward commissioning plan</h1>
<h2 class="govuk-heading-m" id="results-heading">{{ total }} plan items</h2>
<ul class="app-plan-list" aria-labelledby="results-heading">
{% for item in items %}
<li class="app-plan-list__item">
<h3 class="govuk-heading-s app-plan-list__title">
<a class="govuk-link" href="{{ item.href }}">{{ item.title }}</a></h3>
<p class="govuk-body app-plan-list__summary">{{ item.summary }}</p>
<dl class="app-plan-list__meta">
<div class="app-plan-list__meta-item"><dt>Service area</dt><dd>{{ item.area }}</dd></div>
<div class="app-plan-list__meta-item"><dt>Stage</dt><dd>{{ item.stage }}</dd></div>
<div class="app-plan-list__meta-item"><dt>Route</dt><dd>{{ item.route }}</dd></div>
<div class="app-plan-list__meta-item"><dt>Contract start</dt><dd>{{ item.start }}</dd></div>
<div class="app-plan-list__meta-item"><dt>Estimated total value</dt><dd>{{ item.value }}</dd></div>
</dl>
</li>
{% endfor %}
</ul>
<nav class="govuk-pagination" aria-label="Results pages"><ul class="govuk-pagination__list">
{% for number in range(1, 8) %}
<li class="govuk-pagination__item">
<a class="govuk-link" href="/plans/?page={{ number }}">{{ number }}</a></li>
{% endfor %}
</ul></nav>
{{ tail }}
</main>
</body>
</html>
"""


def _items(pad: int) -> list[dict]:
    """Twenty items with plausible text; each summary grows by ``pad`` characters."""
    filler = ("commissioning support for people across the borough " * (pad // 40 + 1))[:pad]
    return [
        {
            "href": f"/plans/community-support-service-{number}",
            "title": f"Community support service for older people in locality {number}",
            "summary": (
                "A new arrangement built around localities, so that workers spend more "
                f"time with people & less time on the road. {filler}"
            ),
            "area": "Adult social care",
            "stage": "Plan",
            "route": "Buy",
            "start": "1 April 2028",
            "value": "£1,250,000",
        }
        for number in range(1, ITEMS_PER_PAGE + 1)
    ]


app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": PAGE})


def _render(items: list[dict], tail: str) -> str:
    return render_template("page.html", items=items, total=10_000, page=2, tail=tail)


def _calibrate(target: int) -> tuple[list[dict], str]:
    """Pad the items (and the last few bytes after the list) to reach ``target`` bytes."""
    with app.test_request_context():
        base = len(_render(_items(0), "").encode())
        if target < base + 7:
            raise SystemExit(f"BARE_PAGE_BYTES={target} is smaller than the bare page ({base})")
        # Leave room for the empty comment "<!---->" that carries the remainder.
        items = _items((target - base - 7) // ITEMS_PER_PAGE)
        filler = "x" * (target - len(_render(items, Markup("<!---->")).encode()))
        tail = Markup(f"<!--{filler}-->")  # a constant, so safe to mark
        size = len(_render(items, tail).encode())
    if size != target:
        raise SystemExit(f"bare page is {size} bytes, wanted {target}")
    return items, tail


ITEMS, TAIL = _calibrate(int(os.environ.get("BARE_PAGE_BYTES", "30000")))


@app.get("/plans/")
def plans():
    # The query string is ignored: the load generator sends the same URLs to
    # both apps so request parsing costs the same.
    return _render(ITEMS, TAIL)
