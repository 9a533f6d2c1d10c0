"""Unguessable, readable references such as ``RTC-2026-7K3QX9``.

The alphabet leaves out 0/O and 1/I/L so a reference read over the phone
or copied from a letter is not mistyped.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
# SAR: a subject access request, logged by an administrator.
PREFIXES = frozenset({"CON", "CYP", "RTC", "SUP", "EVT", "SRV", "SAR"})
REFERENCE_PATTERN = re.compile(
    r"^(?P<prefix>[A-Z]{3})-(?P<year>\d{4})-(?P<code>[2-9A-HJKMNP-Z]{6})$"
)


def new_reference(prefix: str, when: datetime) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown reference prefix {prefix!r}")
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{prefix}-{when.year}-{code}"


def normalise_reference(text: str) -> str | None:
    """Accept a reference as people type it (lower case, spaces) or return None."""
    cleaned = re.sub(r"\s+", "", text or "").upper()
    return cleaned if REFERENCE_PATTERN.match(cleaned) else None
