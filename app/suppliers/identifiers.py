"""Charity and company numbers and postcodes: checked by their format and
written one way, so the same organisation cannot register twice by typing
its number differently."""

from __future__ import annotations

import re

from flask import current_app

_CHARITY_ENGLAND_WALES = re.compile(r"^\d{6,7}$")
_CHARITY_SCOTLAND = re.compile(r"^SC\d{6}$")
_CHARITY_NORTHERN_IRELAND = re.compile(r"^NIC\d{6}$")

COMPANY_PREFIXES = ("SC", "NI", "OC", "SO", "NC", "LP", "SL", "NL", "CE", "CS", "R")
_COMPANY_PREFIXED = re.compile(r"^(SC|NI|OC|SO|NC|LP|SL|NL|CE|CS)\d{6}$")
# Old Northern Ireland numbers are R followed by seven digits.
_COMPANY_R = re.compile(r"^R\d{7}$")

# The outward code and inward code of a UK postcode, with or without the space.
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")

DEFAULT_LOCAL_DISTRICTS = ("EW1", "EW2", "EW3", "EW4", "EW5", "EW6", "EW7", "EW8", "EW9")


def _squash(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "").upper()


def normalise_charity_number(value: str) -> str | None:
    """The number as the regulators write it, or None if it is not one.

    England and Wales 6 or 7 digits,
    Scotland SC and 6 digits, Northern Ireland NIC and 6 digits."""
    text = _squash(value)
    for pattern in (_CHARITY_ENGLAND_WALES, _CHARITY_SCOTLAND, _CHARITY_NORTHERN_IRELAND):
        if pattern.match(text):
            return text
    return None


def normalise_company_number(value: str) -> str | None:
    """An 8-character Companies House number, or None. People often drop
    the leading zero of an English number, so 7 digits are padded."""
    text = _squash(value)
    if text.isdigit() and len(text) in (7, 8):
        return text.zfill(8)
    if _COMPANY_PREFIXED.match(text) or _COMPANY_R.match(text):
        return text
    return None


def normalise_postcode(value: str) -> str | None:
    """ "ew1 2ab" becomes "EW1 2AB"; None if it is not shaped like a postcode."""
    match = _POSTCODE.match(_squash(value))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def is_local(postcode: str | None) -> bool:
    if not postcode:
        return False
    districts = current_app.config.get("SUPPLIER_LOCAL_POSTCODE_DISTRICTS", DEFAULT_LOCAL_DISTRICTS)
    return postcode.split(" ", 1)[0] in set(districts)
