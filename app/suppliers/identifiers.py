"""Charity, company and mutual society numbers and postcodes: format-checked
and written one way, so the same organisation cannot register twice by
typing its number differently. No register is consulted: a number of the
right shape that was never issued is accepted.

Each check answers with the number as the regulator writes it, or a
problem: the wrong shape, all zeros, or a number that belongs in the other
box (a charity number typed as a company number, or the other way round).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

# Problems a typed number can have; forms turn them into messages.
FORMAT = "format"
ALL_ZERO = "all_zero"
BELONGS_IN_COMPANY_BOX = "belongs_in_company_box"
BELONGS_IN_CHARITY_BOX = "belongs_in_charity_box"

# Charity Commission for England and Wales: 6 or 7 digits; a linked charity
# (a branch or special trust) adds a hyphen and its own number: 1234567-1.
_CHARITY_ENGLAND_WALES = re.compile(r"^(\d{6,7})$")
_CHARITY_LINKED = re.compile(r"^(\d{6,7})[-/](\d{1,2})$")
# OSCR numbers are SC0 and 5 digits; NI Charity Commission, NIC and 6 digits.
_CHARITY_SCOTLAND = re.compile(r"^SC0\d{5}$")
_CHARITY_NORTHERN_IRELAND = re.compile(r"^NIC\d{6}$")

# Every two-letter prefix Companies House gives (Companies House's URI guide
# and the register itself): companies, LLPs, limited partnerships, overseas
# companies and entities, charitable incorporated organisations, assurance,
# unregistered and royal charter companies, European companies and EEIGs,
# investment companies with variable capital, and registered societies.
COMPANY_PREFIXES = (
    "AC", "BR", "CE", "CS", "EN", "ES", "FC", "FE", "GE", "GN", "GS", "IC", "IP", "LP", "NA",
    "NC", "NF", "NI", "NL", "NO", "NP", "NR", "NV", "NZ", "OC", "OE", "PC", "RC", "RS", "SA",
    "SC", "SE", "SF", "SG", "SI", "SL", "SO", "SP", "SR", "SZ", "ZC",
)  # fmt: skip
_COMPANY_DIGITS = re.compile(r"^\d{7,8}$")
_COMPANY_PREFIXED = re.compile(r"^(" + "|".join(COMPANY_PREFIXES) + r")\d{6}$")
# Old Northern Ireland numbers are R followed by seven digits (R0000123).
_COMPANY_R = re.compile(r"^R\d{7}$")
# Registered societies on the Companies House register: IP, SP, NP or RS,
# five digits and a letter for the kind of society (IP12345R).
_COMPANY_SOCIETY = re.compile(r"^(IP|SP|NP|RS)\d{5}[A-Z]$")
# The FCA's Mutuals Public Register: up to six digits and a suffix for the
# kind of society: R registered society, RS in Scotland, C and CS credit
# unions, B and BS building societies, F and FS friendly societies.
_MUTUAL = re.compile(r"^(\d{1,6})(R|RS|C|CS|B|BS|F|FS)$")

# The outward code and inward code of a UK postcode, with or without the space.
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")

DEFAULT_LOCAL_DISTRICTS = ("EW1", "EW2", "EW3", "EW4", "EW5", "EW6", "EW7", "EW8", "EW9")


@dataclass(frozen=True)
class Checked:
    number: str | None = None
    problem: str | None = None


def _squash(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "").upper()


def _spaceless(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "").upper()


def _all_zero(number: str) -> bool:
    # A linked charity's own number comes after the hyphen: the main one counts.
    digits = re.sub(r"\D", "", number.split("-")[0])
    return bool(digits) and set(digits) == {"0"}


def _charity_shape(value: str) -> str | None:
    linked = _CHARITY_LINKED.match(_spaceless(value))
    if linked:
        return f"{linked.group(1)}-{linked.group(2)}"
    if re.match(r"^\d+[-/]\d{1,2}$", _spaceless(value)):
        return None  # a linked number on a main number of the wrong length
    text = _squash(value)
    for pattern in (_CHARITY_ENGLAND_WALES, _CHARITY_SCOTLAND, _CHARITY_NORTHERN_IRELAND):
        if pattern.match(text):
            return text
    return None


def _company_shape(value: str) -> str | None:
    text = _squash(value)
    if _COMPANY_DIGITS.match(text):
        # People often drop the leading zero of an English number.
        return text.zfill(8)
    for pattern in (_COMPANY_PREFIXED, _COMPANY_R, _COMPANY_SOCIETY):
        if pattern.match(text):
            return text
    mutual = _MUTUAL.match(text)
    if mutual:
        return f"{int(mutual.group(1))}{mutual.group(2)}"
    return None


def check_charity_number(value: str) -> Checked:
    """England and Wales 6 or 7 digits (a linked charity adds -1, -2 ...),
    Scotland SC0 and 5 digits, Northern Ireland NIC and 6 digits."""
    number = _charity_shape(value)
    if number is not None:
        return Checked(problem=ALL_ZERO) if _all_zero(number) else Checked(number)
    if _company_shape(value) is not None:
        return Checked(problem=BELONGS_IN_COMPANY_BOX)
    return Checked(problem=FORMAT)


def check_company_number(value: str) -> Checked:
    """An 8-character Companies House number, or an FCA mutuals register
    number for a co-operative or community benefit society (12345R)."""
    text = _squash(value)
    # Six digits, a linked charity's hyphen or NIC cannot be a company number.
    if (
        re.match(r"^\d{6}$", text)
        or _CHARITY_LINKED.match(_spaceless(value))
        or _CHARITY_NORTHERN_IRELAND.match(text)
    ):
        if _all_zero(text):
            return Checked(problem=ALL_ZERO)
        return Checked(problem=BELONGS_IN_CHARITY_BOX)
    number = _company_shape(value)
    if number is None:
        return Checked(problem=FORMAT)
    if _all_zero(number):
        return Checked(problem=ALL_ZERO)
    return Checked(number)


def normalise_charity_number(value: str) -> str | None:
    """The number as the regulators write it, or None if it is not one."""
    return check_charity_number(value).number


def normalise_company_number(value: str) -> str | None:
    """The number as Companies House or the FCA writes it, or None."""
    return check_company_number(value).number


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
