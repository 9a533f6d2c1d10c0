"""The published plan as CSV and as an Atom feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from app.core.bilingual import in_language
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
    # Welsh where staff wrote it, empty where not.
    "Title (Welsh)",
    "Summary (Welsh)",
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
            "; ".join(lot.title for lot in item.lots),
            "; ".join(item.social_value_priorities or []),
            item.contact_name,
            item.contact_email,
            item.updated_at.isoformat(timespec="seconds"),
            item.title_cy or "",
            item.summary_cy or "",
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
    language: str = "en",
    other_language_url: str | None = None,
) -> bytes:
    """The Atom feed. Every piece of text goes through xml_text: one title
    holding a character XML cannot carry (Word's line break, pasted into a
    form or stored before input was cleaned) would otherwise stop the whole
    feed from being written, for every reader.

    `language` "cy" makes the Welsh feed: each entry in Welsh where staff
    wrote all of its Welsh, in English otherwise, and every entry says
    which (xml:lang)."""
    x = xml_text
    feed = FeedGenerator()
    feed.id(x(feed_url))
    feed.title(x(title))
    feed.author({"name": x(author)})
    feed.link(href=x(home_url), rel="alternate")
    feed.link(href=x(feed_url), rel="self")
    if other_language_url:
        other = "en" if language == "cy" else "cy"
        feed.link(
            href=x(other_language_url),
            rel="alternate",
            type="application/atom+xml",
            hreflang=other,
        )
    feed.language("cy" if language == "cy" else "en-GB")
    entry_languages: dict[str, str] = {}
    feed.updated(max((item.updated_at for item in items), default=now))
    # feedgen prepends entries, so add the oldest first to list the newest first.
    for item in reversed(items):
        url = x(item_url(item))
        entry = feed.add_entry()
        entry.id(url)
        # All Welsh or all English: an entry's xml:lang is true of all its text.
        welsh = language == "cy" and not item.welsh_missing
        entry_languages[url] = "cy" if welsh else "en"
        pick = (lambda english, cy: in_language(english, cy, "cy")) if welsh else None
        title = pick(item.title, item.title_cy) if pick else item.title
        summary = pick(item.summary, item.summary_cy) if pick else item.summary
        description = (
            plain_text(pick(item.description_html, item.description_html_cy))
            if pick
            else plain_text(item.description_html)
        )
        entry.title(x(title) or url)
        entry.link(href=url, rel="alternate")
        entry.summary(x(summary))
        entry.content(x(description or summary), type="text")
        entry.updated(item.updated_at)
        entry.published(item.created_at)
        entry.category(term=x(item.service_area.slug), label=x(item.service_area.name))
    return _mark_entry_languages(feed.atom_str(pretty=True), entry_languages)


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ATOM = "{http://www.w3.org/2005/Atom}"


def _mark_entry_languages(body: bytes, languages: dict[str, str]) -> bytes:
    """Put xml:lang on each entry (feedgen sets it only on the feed), so a
    reader knows which entries of the Welsh feed are still in English."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser)
    for entry in root.iter(f"{_ATOM}entry"):
        entry.set(_XML_LANG, languages.get(entry.findtext(f"{_ATOM}id") or "", "en"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
