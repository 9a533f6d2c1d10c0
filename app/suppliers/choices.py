"""The fixed lists a supplier chooses from, and the SME test."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.cpv import CPV_DIVISIONS  # noqa: F401  (suppliers choose from these)

LEGAL_FORMS = {
    "registered_charity": _l("Registered charity"),
    "cio": _l("Charitable incorporated organisation (CIO)"),
    "cic": _l("Community interest company (CIC)"),
    "company_by_guarantee": _l("Company limited by guarantee"),
    "company_by_shares": _l("Company limited by shares"),
    "community_benefit_society": _l("Community benefit society"),
    "community_group": _l("Unincorporated community group"),
    "social_enterprise": _l("Social enterprise"),
    "sole_trader": _l("Sole trader"),
    "partnership": _l("Partnership"),
    "parish_council": _l("Parish or town council"),
}

# Forms that have a Companies House number by law; a CIO or charity may have
# a charity number instead, so those are checked separately.
NEEDS_COMPANY_NUMBER = {"cic", "company_by_guarantee", "company_by_shares"}
NEEDS_CHARITY_NUMBER = {"registered_charity", "cio"}

TURNOVER_BANDS = {
    "under_100k": _l("Under £100,000"),
    "100k_to_1m": _l("£100,000 to £1 million"),
    "1m_to_10m": _l("£1 million to £10 million"),
    "10m_to_44m": _l("£10 million to £44 million"),
    "over_44m": _l("Over £44 million"),
}

BALANCE_SHEET_BANDS = {
    "up_to_38m": _l("£38 million or less"),
    "over_38m": _l("Over £38 million"),
}

ALERT_FREQUENCIES = {
    "none": _l("No alerts"),
    "daily": _l("Daily digest"),
    "weekly": _l("Weekly digest"),
}

SME_STAFF_LIMIT = 250
_TURNOVER_WITHIN_SME = {"under_100k", "100k_to_1m", "1m_to_10m", "10m_to_44m"}


def is_sme(staff: int | None, turnover_band: str | None, balance_sheet_band: str | None) -> bool:
    """Fewer than 250 staff, and turnover up to £44m or balance sheet up to £38m."""
    if staff is None or staff >= SME_STAFF_LIMIT:
        return False
    return turnover_band in _TURNOVER_WITHIN_SME or balance_sheet_band == "up_to_38m"
