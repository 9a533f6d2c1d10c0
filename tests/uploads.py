"""Uploads made in the tests: a zip bomb, and a count of what is inflated."""

from __future__ import annotations

import functools
import io
import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@functools.cache
def zip_bomb(megabytes: int = 64, first: str = "mimetype") -> bytes:
    """An OpenDocument-looking zip of about 64 KB whose first member
    unpacks to `megabytes` MB: small on disk, large inflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(first, "w") as member:
            member.write(ODT_MIMETYPE)
            zeros = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(zeros)
        archive.writestr("content.xml", "<x/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def count_inflated(monkeypatch) -> list[int]:
    """Every read from a zip member from now on adds its length to the list."""
    real_read = zipfile.ZipExtFile.read
    sizes: list[int] = []

    def counting_read(self, n=-1):
        data = real_read(self, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return sizes
