"""The published plan as an OCDS 1.1 release package of planning releases.

Each plan item is one contracting process with a stable ``ocid``; every
public change to it is a new release (``planning`` the first time,
``planningUpdate`` after), so data users can follow its history.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale

from app.core.cpv import CPV_DIVISIONS, division_code
from app.core.london_time import in_london
from app.core.sanitise import plain_text
from app.plans.models import PlanItem

PROCUREMENT_METHODS = {
    "open": "open",
    "competitive_flexible": "selective",
    "framework": "selective",
    "dynamic_market": "selective",
    "direct_award": "direct",
}

PROCUREMENT_METHOD_DETAILS = {
    "open": "Open procedure (Procurement Act 2023)",
    "competitive_flexible": "Competitive flexible procedure (Procurement Act 2023)",
    "framework": "Call-off from a framework",
    "dynamic_market": "Dynamic market",
    "direct_award": "Direct award",
    "grant": "Grant funding",
    "in_house": "Delivered by the council",
    "partnership": "Partnership agreement with another public body",
}

# Before the council has chosen to go to market the process is only being considered.
TENDER_STATUS_BY_STAGE = {
    "analyse": "planning",
    "plan": "planning",
    "do": "planned",
    "review": "planned",
}


def ocid(prefix: str, item: PlanItem) -> str:
    return f"{prefix}-plan-{item.id:06d}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _day(day: date) -> str:
    return in_london(day).isoformat(timespec="seconds")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _money(amount: int | None) -> dict | None:
    return {"amount": amount, "currency": "GBP"} if amount is not None else None


def _drop_empty(value):
    if isinstance(value, dict):
        cleaned = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, {}, [], "")}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value if v not in (None, {}, [], "")]
    return value


def _items(item: PlanItem) -> list[dict]:
    """One item classified by its CPV division, when staff gave one."""
    if not item.cpv_division:
        return []
    with force_locale("en_GB"):
        label = str(CPV_DIVISIONS.get(item.cpv_division, ""))
    return [
        {
            "id": "1",
            "description": item.title,
            "classification": {
                "scheme": "CPV",
                "id": division_code(item.cpv_division),
                "description": label,
            },
        }
    ]


def build_release(item: PlanItem, *, prefix: str, buyer: dict, item_url: str) -> dict:
    process = ocid(prefix, item)
    contract_period = None
    if item.contract_start_date:
        start = item.contract_start_date
        contract_period = {"startDate": _day(start)}
        if item.contract_length_months:
            end = add_months(start, item.contract_length_months) - timedelta(days=1)
            contract_period["endDate"] = _day(end)
            contract_period["durationInDays"] = (end - start).days + 1
            if item.extension_months:
                contract_period["maxExtentDate"] = _day(
                    add_months(start, item.total_months) - timedelta(days=1)
                )
    milestones = []
    if item.market_engagement_date:
        milestones.append(
            {
                "id": f"{process}-engagement",
                "title": "Market engagement",
                "type": "engagement",
                "dueDate": _day(item.market_engagement_date),
                "status": "scheduled",
            }
        )
    release = {
        "ocid": process,
        "id": f"{process}-{item.release_count:04d}",
        "date": _iso(item.released_at or item.updated_at),
        "tag": ["planning"] if item.release_count <= 1 else ["planningUpdate"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**buyer, "roles": ["buyer"]}],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "planning": {
            "rationale": item.summary,
            "budget": {
                "id": f"{process}-budget",
                "description": "Estimated total value over the whole contract, "
                "including any extension",
                "amount": _money(item.estimated_total_value),
            },
            "milestones": milestones,
        },
        "tender": {
            "id": f"{process}-tender",
            "title": item.title,
            "description": plain_text(item.description_html) or item.summary,
            "status": TENDER_STATUS_BY_STAGE[item.cycle_stage],
            "value": _money(item.estimated_total_value),
            "procurementMethod": PROCUREMENT_METHODS.get(item.procurement_route),
            "procurementMethodDetails": PROCUREMENT_METHOD_DETAILS.get(item.procurement_route),
            "mainProcurementCategory": "services",
            "items": _items(item),
            "tenderPeriod": (
                {"startDate": _day(item.tender_publication_date)}
                if item.tender_publication_date
                else None
            ),
            "awardPeriod": {"startDate": _day(item.award_date)} if item.award_date else None,
            "contractPeriod": contract_period,
            "documents": [
                {
                    "id": f"{process}-notice",
                    "documentType": "plannedProcurementNotice",
                    "title": item.title,
                    "url": item_url,
                    "format": "text/html",
                    "language": "en",
                }
            ],
        },
    }
    return _drop_empty(release)


def build_package(
    items: list[PlanItem],
    *,
    prefix: str,
    buyer: dict,
    package_url: str,
    item_url,
    publisher_name: str,
    now: datetime,
) -> dict:
    releases = [
        build_release(item, prefix=prefix, buyer=buyer, item_url=item_url(item)) for item in items
    ]
    published = max((r["date"] for r in releases), default=_iso(now))
    return {
        "uri": package_url,
        "version": "1.1",
        "publishedDate": published,
        "publisher": {"name": publisher_name},
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "releases": releases,
    }
