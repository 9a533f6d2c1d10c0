"""Control characters: dropped before storage, and kept out of XML."""

import xml.etree.ElementTree as ET

from app.core.text import clean_json, clean_text, xml_text


def test_stored_text_keeps_tabs_and_line_breaks_and_loses_other_controls():
    assert clean_text("a\tb\r\nc") == "a\tb\r\nc"
    assert clean_text("Friends\x00 of\x1b the library\x7f") == "Friends of the library\x7f"
    # Word's manual line break and a form feed are line breaks.
    assert clean_text("line one\x0bline two\x0cline three") == "line one\nline two\nline three"
    assert clean_text("Cynllun ŵyl") == "Cynllun ŵyl"


def test_json_is_cleaned_all_the_way_down():
    assert clean_json({"a\x00": ["x\x00y", {"b": "c\x0b"}], "n": 3, "t": True, "z": None}) == {
        "a": ["xy", {"b": "c\n"}],
        "n": 3,
        "t": True,
        "z": None,
    }


def test_xml_text_is_always_accepted_by_an_xml_parser():
    nasty = "".join(chr(code) for code in range(0x20)) + "\ufffe\uffff\ud800 ok ŵ"
    element = ET.fromstring(f"<t>{xml_text(nasty)}</t>".encode())
    assert element.text.endswith(" ok ŵ")
    assert xml_text(None) == ""
    assert xml_text(12) == "12"
