"""Procurement Act 2023 pipeline notices (UK1), worked out from the forward plan.

Procurement Act 2023 s.93: a contracting authority that expects to pay more
than £100 million under relevant contracts in a financial year must, within
the 56 days beginning with the first day of that year (1 April to 26 May
inclusive), publish a pipeline notice of each public contract with an
estimated value of more than £2 million for which it intends to publish a
tender or transparency notice in the reporting period: the 18 months
beginning with 1 April (1 April to 30 September of the following year).

Dates are the council's, in London time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core import audit
from app.core.db import utcnow
from app.core.london_time import london_today
from app.plans.models import PipelineNotice, PlanItem, ProcurementSettings
from app.plans.ocds import add_months

# s.93(2): more than £2 million, so exactly £2 million is not in.
VALUE_THRESHOLD = 2_000_000
# s.93(1), (4): the 56 days beginning with the first day of the financial year.
DEADLINE_DAYS = 56
REPORTING_MONTHS = 18

SPEND_BANDS = {
    "up_to_100m": _l("£100 million or less"),
    "100m_to_500m": _l("More than £100 million, up to £500 million"),
    "over_500m": _l("More than £500 million"),
}
# s.93(6): only an authority that expects to pay more than £100 million.
BANDS_NEEDING_NOTICES = {"100m_to_500m", "over_500m"}

# Find a Tender's contracting authority types (UK_CA_TYPE in its OCDS data).
AUTHORITY_TYPES = {
    "publicAuthoritySubCentralGovernment": _l("Public authority: sub-central government"),
    "publicAuthorityCentralGovernment": _l("Public authority: central government"),
    "publicUndertaking": _l("Public undertaking"),
    "privateUtility": _l("Private utility"),
}

MAIN_CATEGORIES = {
    "goods": _l("Goods"),
    "services": _l("Services"),
    "works": _l("Works"),
}

# A Public Procurement Organisation Number as Find a Tender issues them, such
# as PLLH-1887-BMRL: P, three letters, four digits, four letters. Its format
# is checked; the register itself is not consulted.
PPON = re.compile(r"P[A-Z]{3}-\d{4}-[A-Z]{4}")

# Routes that are not a procurement under the Act: no tender or transparency notice.
NOT_PROCURED = {"in_house", "grant", "partnership"}


def normalise_ppon(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "")).upper()


def is_ppon(text: str | None) -> bool:
    return bool(PPON.fullmatch(normalise_ppon(text)))


@dataclass(frozen=True)
class Period:
    """One reporting period: from 1 April for 18 months."""

    start: date

    @property
    def end(self) -> date:
        """The last day in the period (30 September of the next year)."""
        return add_months(self.start, REPORTING_MONTHS) - timedelta(days=1)

    @property
    def deadline(self) -> date:
        """Day 56, counting 1 April as day 1: 26 May."""
        return self.start + timedelta(days=DEADLINE_DAYS - 1)

    def days_left(self, today: date) -> int:
        """Days after today up to and including the deadline; 0 on the day itself."""
        return (self.deadline - today).days

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def current_period(today: date | None = None) -> Period:
    """The period of the financial year today (London) falls in."""
    today = today or london_today()
    year = today.year if (today.month, today.day) >= (4, 1) else today.year - 1
    return Period(date(year, 4, 1))


def settings(session: Session) -> ProcurementSettings:
    """The council's procurement settings (a blank row until an administrator saves them)."""
    found = session.scalar(select(ProcurementSettings).order_by(ProcurementSettings.id))
    return found or ProcurementSettings()


def notices_needed(found: ProcurementSettings) -> bool:
    return found.spend_band in BANDS_NEEDING_NOTICES


def _one_value(gross: int | None, net: int | None) -> int | None:
    """Including VAT (Sch.3) where staff gave it, else excluding VAT."""
    return gross if gross is not None else net


def lots_value(item: PlanItem) -> int | None:
    """The lots added together, each including VAT where given; None when no lot has a value."""
    values = [_one_value(lot.value_gross, lot.value) for lot in item.lots]
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def notice_value(item: PlanItem) -> int | None:
    """The estimated value of the whole contract, which the Act counts
    (Sch.3): the item's own value, including VAT where staff gave it; or,
    when its lots come to more (or the item has no value of its own), its
    lots added together, since a contract is worth at least all its lots."""
    own = _one_value(item.value_gross, item.estimated_total_value)
    lots = lots_value(item)
    if own is None or (lots is not None and lots > own):
        return lots
    return own


def value_from_lots(item: PlanItem) -> bool:
    """Whether the value counted is the lots' total rather than the item's own."""
    own = _one_value(item.value_gross, item.estimated_total_value)
    lots = lots_value(item)
    return lots is not None and (own is None or lots > own)


def notice_date(item: PlanItem) -> date | None:
    return item.estimated_notice_date or item.tender_publication_date


@dataclass
class Verdict:
    item: PlanItem
    qualifies: bool
    reasons: list = field(default_factory=list)


def judge(item: PlanItem, period: Period) -> Verdict:
    """Whether `item` belongs in the period's pipeline notice, and every reason why or why not."""
    reasons = []
    out = False
    if item.status != "published":
        out = True
        reasons.append(_l("Not on the published plan."))
    if item.procurement_route in NOT_PROCURED:
        out = True
        reasons.append(_l("Not a procurement under the Act, so there is no tender notice."))
    value = notice_value(item)
    if value is None:
        out = True
        reasons.append(_l("No estimated value."))
    elif value <= VALUE_THRESHOLD:
        out = True
        reasons.append(_l("Estimated value is £2 million or less."))
    else:
        reasons.append(_l("Estimated value is more than £2 million."))
    if value is not None and value_from_lots(item):
        reasons.append(_l("The value counted is the lots added together."))
    day = notice_date(item)
    if day is None:
        out = True
        reasons.append(_l("No estimated date for the tender or transparency notice."))
    elif not period.covers(day):
        out = True
        reasons.append(_l("The notice is expected outside the 18-month reporting period."))
    else:
        reasons.append(_l("The notice is expected within the 18-month reporting period."))
    return Verdict(item, not out, reasons)


def verdicts(session: Session, period: Period, items_stmt=None) -> list[Verdict]:
    stmt = items_stmt if items_stmt is not None else select(PlanItem)
    stmt = stmt.where(PlanItem.status.in_(("published", "draft"))).order_by(PlanItem.title)
    # Every item's lots in one more query, however many items there are.
    stmt = stmt.options(selectinload(PlanItem.lots))
    return [judge(item, period) for item in session.scalars(stmt)]


def qualifying(session: Session, period: Period) -> list[PlanItem]:
    return [v.item for v in verdicts(session, period) if v.qualifies]


def notice_for(session: Session, period: Period) -> PipelineNotice | None:
    return session.scalar(select(PipelineNotice).where(PipelineNotice.period_start == period.start))


def changed_since(notice: PipelineNotice | None, items: list[PlanItem]) -> set[int]:
    """Qualifying items edited after the notice was published, or not in it."""
    if notice is None:
        return set()
    listed = set(notice.item_ids or [])
    return {
        item.id
        for item in items
        if item.id not in listed or _after(item.updated_at, notice.published_at)
    }


def _after(first: datetime | None, second: datetime | None) -> bool:
    return bool(first and second and first > second)


def warning_due(session: Session, today: date | None = None) -> Period | None:
    """From 1 April until the notice is marked published: the period to warn
    about, when the council is over the spend threshold and has items to list."""
    period = current_period(today)
    found = settings(session)
    if not notices_needed(found) or notice_for(session, period) is not None:
        return None
    return period if qualifying(session, period) else None


SETTINGS_FIELDS = ("spend_band", "ppon", "authority_type", "ocid_prefix")


def save_settings(session: Session, data: dict) -> list[str]:
    """Administrators' changes to the council's procurement settings, audited."""
    found = session.scalar(select(ProcurementSettings).order_by(ProcurementSettings.id))
    if found is None:
        found = ProcurementSettings()
        session.add(found)
    changed = [name for name in SETTINGS_FIELDS if getattr(found, name) != data.get(name)]
    for name in changed:
        setattr(found, name, data.get(name))
    if changed:
        found.updated_at = utcnow()
        session.flush()
        audit.record(
            session,
            "procurement_settings.update",
            object_type="procurement_settings",
            object_ref=found.id,
            summary="Changed the council's procurement settings",
            details={"fields": changed},
        )
    return changed


def mark_published(session: Session, period: Period, notice_number: str, user) -> PipelineNotice:
    """Record the period's notice as published on Find a Tender, listing the
    items that qualify now; marking again replaces the number and the list."""
    notice = notice_for(session, period)
    if notice is None:
        notice = PipelineNotice(period_start=period.start)
        session.add(notice)
    notice.notice_number = notice_number
    notice.published_at = utcnow()
    notice.published_by_id = getattr(user, "id", None)
    notice.item_ids = [item.id for item in qualifying(session, period)]
    session.flush()
    audit.record(
        session,
        "plan.pipeline_published",
        object_type="pipeline_notice",
        object_ref=notice.id,
        summary=f"Pipeline notice {notice_number} for the period from {period.start}",
        details={"items": notice.item_ids},
    )
    return notice
