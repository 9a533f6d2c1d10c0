"""The qualifying plan items as CSV, its columns in the order Find a
Tender's UK1 (pipeline notice) form asks for them, so a commissioner can copy
each into the form field by field.

One row a procurement; when it is divided into lots, one row for each lot
follows it, as the form asks for each lot's title, value and contract dates
after the procurement's own: the lot rows fill only those columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from app.core.sanitise import plain_text
from app.core.spreadsheets import csv_lines
from app.plans.models import PlanItem
from app.plans.ocds import add_months
from app.plans.pipeline import Period, notice_date

UK1_HEADER = [
    "Title",
    "Lot number",
    "Lot title",
    "Description",
    "Main category (goods, services or works)",
    "CPV codes",
    "Divided into lots",
    "Estimated value excluding VAT (GBP)",
    "Estimated value including VAT (GBP)",
    "Framework",
    "Dynamic market",
    "Estimated date of tender or transparency notice",
    "Estimated contract start date",
    "Estimated contract end date",
    "Suitable for SMEs",
    "Suitable for VCSEs",
    "Contact name",
    "Contact email",
    "Reporting period",
]


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _end(item: PlanItem) -> str:
    if not (item.contract_start_date and item.contract_length_months):
        return ""
    end = add_months(item.contract_start_date, item.contract_length_months) - timedelta(days=1)
    return end.isoformat()


def cpv_list(item: PlanItem) -> list[str]:
    """The item's CPV codes; its division's code when staff gave no other."""
    if item.cpv_codes:
        return list(item.cpv_codes)
    return [f"{item.cpv_division}000000"] if item.cpv_division else []


def _lot_rows(item: PlanItem) -> list[list]:
    return [
        [
            item.title,
            lot.position,
            lot.title,
            "",
            "",
            "",
            "",
            lot.value if lot.value is not None else "",
            lot.value_gross if lot.value_gross is not None else "",
            "",
            "",
            "",
            lot.start_date.isoformat() if lot.start_date else "",
            lot.end_date.isoformat() if lot.end_date else "",
            "",
            "",
            "",
            "",
            "",
        ]
        for lot in item.lots
    ]


def uk1_csv(items: list[PlanItem], period: Period) -> Iterator[str]:
    span = f"{period.start.isoformat()} to {period.end.isoformat()}"
    rows = []
    for item in items:
        rows.append(_procurement_row(item, span))
        rows.extend(_lot_rows(item))
    return csv_lines(UK1_HEADER, rows)


def _procurement_row(item: PlanItem, span: str) -> list:
    return [
        item.title,
        "",
        "",
        plain_text(item.description_html) or item.summary,
        item.main_category or "",
        "; ".join(
            [*(item.cpv_codes or [])]
            or ([f"{item.cpv_division}000000"] if item.cpv_division else [])
        ),
        _yes(bool(item.lots)),
        item.estimated_total_value if item.estimated_total_value is not None else "",
        item.value_gross if item.value_gross is not None else "",
        _yes(item.is_framework),
        _yes(item.is_dynamic_market),
        (notice_date(item).isoformat() if notice_date(item) else ""),
        item.contract_start_date.isoformat() if item.contract_start_date else "",
        _end(item),
        _yes(item.suitable_for_sme),
        _yes(item.suitable_for_vcs),
        item.contact_name,
        item.contact_email,
        span,
    ]
