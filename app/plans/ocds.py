"""The published plan as an OCDS 1.1 release package of planning releases.

Each plan item is one contracting process with a stable ``ocid``; every
public change to it is a new release (``planning`` the first time,
``planningUpdate`` after), so data users can follow its history.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale

from app.core.cpv import CPV_DIVISIONS, cpv_codes, division_code
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


def _day_end(day: date) -> str:
    """The last second of a London day: a period ending on a date covers all of it."""
    return (in_london(day + timedelta(days=1)) - timedelta(seconds=1)).isoformat(timespec="seconds")


# Tags that end a paragraph in stored HTML (see app.core.sanitise.clean_html).
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/li|/h[1-6]|/blockquote)\s*>")


def paragraphs(source: str | None) -> str:
    """The words of stored HTML, each paragraph kept apart by a blank line."""
    parts = (plain_text(block) for block in _BLOCK_END.split(source or ""))
    return "\n\n".join(part for part in parts if part)


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


def _party(item: PlanItem, buyer: dict) -> dict:
    """The council, with the named person to ask about this item."""
    contact = {
        "name": item.contact_name,
        "email": item.contact_email,
        "telephone": item.contact_phone,
    }
    return {**buyer, "roles": ["buyer"], "contactPoint": contact}


def _lots(item: PlanItem) -> list[dict]:
    """Each lot (the lots extension) with its value excluding VAT and its
    contract period; its Welsh title and value including VAT come in
    with_welsh and add_uk_fields."""
    lots = []
    for lot in item.lots:
        period = {}
        if lot.start_date:
            period["startDate"] = _day(lot.start_date)
        if lot.end_date:
            period["endDate"] = _day_end(lot.end_date)
        if lot.start_date and lot.end_date:
            period["durationInDays"] = (lot.end_date - lot.start_date).days + 1
        lots.append(
            {
                "id": str(lot.position),
                "title": lot.title,
                "value": _money(lot.value),
                "contractPeriod": period,
            }
        )
    return lots


def build_release(
    item: PlanItem,
    *,
    prefix: str,
    buyer: dict,
    item_url: str,
    number: int,
    first: bool,
    released_at: datetime,
    withdrawn: bool = False,
) -> dict:
    """One release as published; `withdrawn` when the council took the item off its plan."""
    process = ocid(prefix, item)
    contract_period = None
    if item.contract_start_date:
        start = item.contract_start_date
        contract_period = {"startDate": _day(start)}
        if item.contract_length_months:
            end = add_months(start, item.contract_length_months) - timedelta(days=1)
            contract_period["endDate"] = _day_end(end)
            # Calendar days from the first to the last, both included: the same
            # whether or not the clocks change in between.
            contract_period["durationInDays"] = (end - start).days + 1
            if item.extension_months:
                contract_period["maxExtentDate"] = _day_end(
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
        "id": f"{process}-{number:04d}",
        "date": _iso(released_at),
        "tag": ["planning"] if first else ["planningUpdate"],
        "initiationType": "tender",
        "language": "en",
        "parties": [_party(item, buyer)],
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
            "description": paragraphs(item.description_html) or item.summary,
            "status": "withdrawn" if withdrawn else TENDER_STATUS_BY_STAGE[item.cycle_stage],
            "value": _money(item.estimated_total_value),
            "procurementMethod": PROCUREMENT_METHODS.get(item.procurement_route),
            "procurementMethodDetails": PROCUREMENT_METHOD_DETAILS.get(item.procurement_route),
            "mainProcurementCategory": "services",
            "items": _items(item),
            "lots": _lots(item),
            # Who the council thinks could bid, as UK contracting data says it.
            "suitability": {
                "sme": bool(item.suitable_for_sme),
                "vcse": bool(item.suitable_for_vcs),
            },
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
    return _drop_empty(with_welsh(release, item))


# -- Welsh: OCDS language variants (`title_cy`, `description_cy`, ...), the
# schema's patternProperties, only where staff wrote the Welsh. `language`
# stays "en": the release's default language is English.


def welsh_variants(item: PlanItem) -> dict[str, str]:
    """The Welsh of the release's texts, each empty where not written."""
    title = (item.title_cy or "").strip()
    summary = (item.summary_cy or "").strip()
    # As for the English: the description's paragraphs, else the summary.
    if paragraphs(item.description_html):
        description = paragraphs(item.description_html_cy)
    else:
        description = summary
    return {"title": title, "summary": summary, "description": description}


def with_welsh(release: dict, item: PlanItem) -> dict:
    """`release` with the Welsh language variants added where they exist."""
    welsh = welsh_variants(item)
    tender, planning = release.get("tender", {}), release.get("planning", {})
    if welsh["summary"]:
        planning["rationale_cy"] = welsh["summary"]
    if welsh["title"]:
        tender["title_cy"] = welsh["title"]
        for entry in tender.get("items") or []:
            entry["description_cy"] = welsh["title"]
        for document in tender.get("documents") or []:
            document["title_cy"] = welsh["title"]
    if welsh["description"]:
        tender["description_cy"] = welsh["description"]
    welsh_lots = {str(lot.position): (lot.title_cy or "").strip() for lot in item.lots}
    for entry in tender.get("lots") or []:
        if welsh_lots.get(entry["id"]):
            entry["title_cy"] = welsh_lots[entry["id"]]
    return release


# Each extension a release uses, by the extension.json URL the OCDS extension
# registry lists (a tagged version where the extension has one). Their schemas
# ship with the tests (tests/data/ocds-extensions), which validate every
# package with them applied.
def add_uk_fields(
    release: dict, item: PlanItem, *, ppon: str | None, authority_type: str | None = None
) -> dict:
    """The fields a Procurement Act 2023 pipeline notice carries, as Find a
    Tender's own OCDS data does: tender.communication.futureNoticeDate (the
    communication extension), tender.mainProcurementCategory, CPV
    classifications beyond the division, value.amountGross (the UK extension)
    on the tender and each lot, the buyer's GB-PPON identifier, and the
    buyer's contracting authority type as a party classification in the
    UK_CA_TYPE scheme (the UK extension's classification scheme), where Find
    a Tender puts it: parties[].details.classifications. Kept apart from build_release so the
    UK additions read, and merge, on their own."""
    tender = release.setdefault("tender", {})
    if item.main_category:
        tender["mainProcurementCategory"] = item.main_category
    day = item.estimated_notice_date or item.tender_publication_date
    if day:
        tender.setdefault("communication", {})["futureNoticeDate"] = _day(day)
    codes = [code for code in (item.cpv_codes or []) if code in cpv_codes()]
    if codes:
        first, *others = codes
        entry = {
            "id": "1",
            "description": item.title,
            "classification": _cpv(first),
        }
        if others:
            entry["additionalClassifications"] = [_cpv(code) for code in others]
        tender["items"] = [entry]
    if item.value_gross is not None and tender.get("value"):
        tender["value"]["amountGross"] = item.value_gross
    gross = {str(lot.position): lot.value_gross for lot in item.lots}
    for entry in tender.get("lots") or []:
        if gross.get(entry["id"]) is not None:
            entry.setdefault("value", {"currency": "GBP"})["amountGross"] = gross[entry["id"]]
    if ppon:
        party_id = f"GB-PPON-{ppon}"
        for party in release.get("parties", []):
            if "buyer" in party.get("roles", []):
                party["id"] = party_id
                party["identifier"] = {"scheme": "GB-PPON", "id": ppon}
        if "buyer" in release:
            release["buyer"]["id"] = party_id
    if authority_type in AUTHORITY_TYPE_LABELS:
        for party in release.get("parties", []):
            if "buyer" in party.get("roles", []):
                party.setdefault("details", {})["classifications"] = [
                    {
                        "scheme": "UK_CA_TYPE",
                        "id": authority_type,
                        "description": AUTHORITY_TYPE_LABELS[authority_type],
                    }
                ]
    return release


# Find a Tender's descriptions of its UK_CA_TYPE codes, in English as the
# release's language is (app.plans.pipeline.AUTHORITY_TYPES gives the
# translated labels staff choose from).
AUTHORITY_TYPE_LABELS = {
    "publicAuthorityCentralGovernment": "Public authority - central government",
    "publicAuthoritySubCentralGovernment": "Public authority - sub-central government",
    "publicUndertaking": "Public undertaking",
    "privateUtility": "Private utility",
}


def _cpv(code: str) -> dict:
    return {"scheme": "CPV", "id": code, "description": cpv_codes()[code]}


EXTENSIONS = [
    # tender.lots
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    # tender.suitability.sme (the extension has no tagged releases)
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json",
    # tender.communication.futureNoticeDate: when the next notice is expected
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_communication_extension/master/extension.json",
    # tender.suitability.vcse and value.amountGross: Find a Tender's UK extension (Cabinet Office)
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def build_package(
    releases: list[dict],
    *,
    package_url: str,
    publisher_name: str,
    now: datetime,
    next_url: str | None = None,
) -> dict:
    """A release package of stored releases; `next_url` links the next page."""
    published = max((r["date"] for r in releases), default=_iso(now))
    package = {
        "uri": package_url,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": published,
        "publisher": {"name": publisher_name},
        "license": LICENSE,
        "releases": releases,
    }
    if next_url:
        # OCDS guidance on paging: a `links` object with the next page's URL.
        package["links"] = {"next": next_url}
    return package


def build_record_package(
    records: list[dict],
    *,
    package_url: str,
    publisher_name: str,
    now: datetime,
    next_url: str | None = None,
) -> dict:
    """A record package; `next_url` links the next page, as for releases."""
    published = max((r["compiledRelease"]["date"] for r in records), default=_iso(now))
    package = {
        "uri": package_url,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": published,
        "publisher": {"name": publisher_name},
        "license": LICENSE,
        "records": records,
    }
    if next_url:
        package["links"] = {"next": next_url}
    return package
