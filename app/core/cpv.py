"""CPV (Common Procurement Vocabulary) divisions: what the council buys,
shared by forward plan items and suppliers' fields of interest so alerts
can match the two."""

import re
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context
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


# CPV 2008 codes a plan item can carry beyond its division: code (with its
# check digit), then the official English label, one a line, in data/. The
# file holds the part of the vocabulary a council's commissioning plan uses
# (the divisions above and the codes under them for care, social work,
# education, catering, transport, grounds and community services). A council
# loads the whole vocabulary from the EU's own spreadsheet with
# `flask cpv-import PATH`, which writes CPV_CODES_FILE (in the instance
# folder); when that file exists it is used instead of this one.
CPV_FILE = Path(__file__).parent / "data" / "cpv_2008.tsv"

# A CPV code as the official list writes it: eight digits, a hyphen, the check digit.
CPV_FORMAT = re.compile(r"(\d{8})-(\d)")
# The check digit: the eight digits weighted 3, 7, 1, 3, 7, 1, 3, 7 (the
# 7-1-3 sequence of the CPV 2008 documentation), added, modulo 10.
CHECK_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)


def check_digit(code: str) -> int:
    """The check digit of an eight-digit CPV code."""
    return sum(int(digit) * weight for digit, weight in zip(code, CHECK_WEIGHTS, strict=True)) % 10


def codes_file() -> Path:
    """The list in use: the council's imported one when present, else the shipped one."""
    if has_app_context():
        configured = current_app.config.get("CPV_CODES_FILE") or ""
        if configured and Path(configured).is_file():
            return Path(configured)
    return CPV_FILE


def cpv_codes() -> dict[str, str]:
    """Eight-digit code (no check digit, as OCDS data uses) -> English label."""
    path = codes_file()
    return _read_codes(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_codes(path: str, _modified: int) -> dict[str, str]:
    # Keyed on the file's modification time too, so a fresh import is read
    # without restarting the portal.
    codes = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            code, label = line.split("\t", 1)
            codes[code.split("-")[0]] = label.strip()
    return codes


def cpv_code(text: str | None) -> str | None:
    """The eight-digit code typed or chosen ("85311100", "85311100-3", or the
    label's line), when the list has it."""
    digits = "".join(ch for ch in (text or "")[:12] if ch.isdigit())[:8]
    return digits if digits in cpv_codes() else None


def search_cpv(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """Codes whose number starts with, or whose label contains every word of, `query`."""
    words = query.lower().split()
    if not words:
        return []
    found = []
    for code, label in cpv_codes().items():
        text = f"{code} {label}".lower()
        if all(word in text for word in words):
            found.append((code, label))
            if len(found) >= limit:
                break
    return found
