"""Looking inside uploaded zips without unpacking them."""

import io
import zipfile

import pytest

from app.core import archives
from app.core.archives import MAX_READ, UnsafeArchive, outline
from tests.uploads import ODT_MIMETYPE, count_inflated, zip_bomb


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_ordinary_document_is_outlined():
    found = outline(_zip({"mimetype": ODT_MIMETYPE, "content.xml": b"<x/>"}))
    assert found.names == ["mimetype", "content.xml"]
    assert found.mimetype == ODT_MIMETYPE


def test_not_a_zip_is_none():
    assert outline(b"%PDF-1.7") is None
    assert outline(b"PK\x03\x04 broken") is None


def test_a_bomb_is_refused_before_anything_is_inflated(monkeypatch):
    inflated = count_inflated(monkeypatch)
    with pytest.raises(UnsafeArchive):
        outline(zip_bomb())
    assert sum(inflated) == 0


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(archives, "MAX_MEMBERS", 5)
    with pytest.raises(UnsafeArchive):
        outline(_zip({f"part{number}.xml": b"<x/>" for number in range(6)}))


def test_a_long_mimetype_member_is_read_no_further_than_the_cap(monkeypatch):
    """Only MAX_READ bytes of a member are ever inflated, however long it is."""
    content = _zip({"mimetype": ODT_MIMETYPE + b" " * (4 * MAX_READ)}, zipfile.ZIP_STORED)
    inflated = count_inflated(monkeypatch)
    assert outline(content).mimetype is None
    assert sum(inflated) <= MAX_READ + 1
