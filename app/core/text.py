"""Characters that text from outside may carry but that the places it goes
cannot hold.

PostgreSQL refuses NUL in text (the statement fails), and XML 1.0 (Atom
feeds, the XML inside .xlsx files) has no way to write most C0 control
characters at all. They arrive by accident: Word's manual line break is a
vertical tab (``\\x0b``), and text pasted from other programs brings form
feeds and stray NULs. Tab, newline and carriage return are ordinary text and
are kept everywhere.
"""

from __future__ import annotations

import re

# Line-like controls become a newline, so "line one<shift-enter>line two"
# keeps its two lines; every other C0 control character is dropped.
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n"}
_CONTROLS = {code: _LINE_BREAKS.get(code) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)}

# Beyond the C0 controls, XML 1.0 also has no place for U+FFFE, U+FFFF or
# unpaired surrogates (which cannot even be encoded as UTF-8).
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as it may be stored: no C0 control characters but tab, newline
    and carriage return."""
    return text.translate(_CONTROLS)


def has_control_characters(text: str) -> bool:
    return clean_text(text) != text


def xml_text(value) -> str:
    """Text that any XML 1.0 document can hold. None becomes ""."""
    if value is None:
        return ""
    return _NOT_XML.sub("", clean_text(str(value)))


def clean_json(value):
    """A JSON-able value with every string in it cleaned, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_json(key): clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value
