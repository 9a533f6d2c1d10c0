"""The published plan as CSV and as an Atom feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from feedgen.feed import FeedGenerator

from app.core.sanitise import plain_text
from app.core.spreadsheets import csv_lines
from app.core.text import xml_text
from app.plans.models import PlanItem

CSV_HEADER = [
    "Title",
    "Web page",
    "Summary",
    "Service area",
    "Commissioning route",
    "Cycle stage",
    "Procurement route",
    "CPV division",
    "Estimated annual value (GBP)",
    "Estimated total value (GBP)",
    "Contract length (months)",
    "Possible extension (months)",
    "Market engagement",
    "Tender publication",
    "Contract award",
    "Contract start",
    "Suitable for small businesses",
    "Suitable for voluntary and community organisations",
    "Lots",
    "Social value priorities",
    "Contact name",
    "Contact email",
    "Last updated",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def plan_csv(items: list[PlanItem], item_url: Callable[[PlanItem], str]) -> Iterator[str]:
    rows = (
        [
            item.title,
            item_url(item),
            item.summary,
            item.service_area.name,
            item.commissioning_route,
            item.cycle_stage,
            item.procurement_route,
            item.cpv_division or "",
            item.estimated_annual_value,
            item.estimated_total_value,
            item.contract_length_months,
            item.extension_months,
            _date(item.market_engagement_date),
            _date(item.tender_publication_date),
            _date(item.award_date),
            _date(item.contract_start_date),
            item.suitable_for_sme,
            item.suitable_for_vcs,
            "; ".join(item.lots or []),
            "; ".join(item.social_value_priorities or []),
            item.contact_name,
            item.contact_email,
            item.updated_at.isoformat(timespec="seconds"),
        ]
        for item in items
    )
    return csv_lines(CSV_HEADER, rows)


def plan_feed(
    items: list[PlanItem],
    *,
    title: str,
    feed_url: str,
    home_url: str,
    author: str,
    item_url: Callable[[PlanItem], str],
    now: datetime,
) -> bytes:
    """The Atom feed. Every piece of text goes through xml_text: one title
    holding a character XML cannot carry (Word's line break, pasted into a
    form or stored before input was cleaned) would otherwise stop the whole
    feed from being written, for every reader."""
    x = xml_text
    feed = FeedGenerator()
    feed.id(x(feed_url))
    feed.title(x(title))
    feed.author({"name": x(author)})
    feed.link(href=x(home_url), rel="alternate")
    feed.link(href=x(feed_url), rel="self")
    feed.language("en-GB")
    feed.updated(max((item.updated_at for item in items), default=now))
    # feedgen prepends entries, so add the oldest first to list the newest first.
    for item in reversed(items):
        url = x(item_url(item))
        entry = feed.add_entry()
        entry.id(url)
        entry.title(x(item.title) or url)
        entry.link(href=url, rel="alternate")
        entry.summary(x(item.summary))
        entry.content(x(plain_text(item.description_html) or item.summary), type="text")
        entry.updated(item.updated_at)
        entry.published(item.created_at)
        entry.category(term=x(item.service_area.slug), label=x(item.service_area.name))
    return feed.atom_str(pretty=True)
