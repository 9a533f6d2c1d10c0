"""The fixed lists a supplier chooses from, and the SME test."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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

# A working subset of the CPV 2008 divisions: the ones a council buys from
# charities, community groups and small firms.
CPV_DIVISIONS = {
    "15": _l("Food, drink and related products"),
    "33": _l("Medical equipment and care supplies"),
    "39": _l("Furniture, furnishings and household goods"),
    "45": _l("Construction work"),
    "48": _l("Software"),
    "50": _l("Repair and maintenance services"),
    "55": _l("Catering and hospitality services"),
    "60": _l("Transport services"),
    "71": _l("Architecture, engineering and surveying"),
    "72": _l("IT services"),
    "77": _l("Gardening, forestry and horticulture services"),
    "79": _l("Business services, including research and consultancy"),
    "80": _l("Education and training services"),
    "85": _l("Health and social care services"),
    "90": _l("Cleaning, waste and environmental services"),
    "92": _l("Recreation, culture and sport"),
    "98": _l("Community, social and personal services"),
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
