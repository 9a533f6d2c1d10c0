"""CPV (Common Procurement Vocabulary) divisions: what the council buys,
shared by forward plan items and suppliers' fields of interest so alerts
can match the two."""

from flask_babel import lazy_gettext as _l

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


def division_code(division: str) -> str:
    """The eight-digit CPV code of a whole division, as OCDS classifications use."""
    return f"{division}000000"
