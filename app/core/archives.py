"""Looking inside an uploaded zip (DOCX, XLSX, ODT and ODS are zips) to
tell what it is, without unpacking it.

A zip says how big its members are before anything is inflated, so a file
that would grow far beyond its size (a "zip bomb": kilobytes on disk,
gigabytes unpacked) is refused from its directory alone. Nothing is ever
inflated beyond MAX_READ bytes, whatever the directory claims: a member is
read through a stream that stops there.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# Office documents have tens of parts, rarely a few hundred.
MAX_MEMBERS = 1000
# What the members may add up to, unpacked, and how many times the upload's
# size that may be. Text-heavy documents unpack to ten or twenty times their
# size; a bomb to a thousand.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 100
# The most the check inflates: OpenDocument's "mimetype" member is one short line.
MAX_READ = 1024


class UnsafeArchive(Exception):
    """A zip that would unpack to far more than its size, or has too many parts."""


@dataclass(frozen=True)
class ZipOutline:
    names: list[str]
    # The first member, if it is OpenDocument's "mimetype": its text, read
    # no further than MAX_READ bytes (None when it is longer or absent).
    mimetype: bytes | None


def outline(content: bytes) -> ZipOutline | None:
    """The member names of a zip, and its OpenDocument mimetype; None when
    `content` is not a zip that can be read. Raises UnsafeArchive."""
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UnsafeArchive("too many members")
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(content), 1):
                raise UnsafeArchive("expands too far")
            mimetype = None
            if infos and infos[0].filename == "mimetype":
                with archive.open(infos[0]) as member:
                    text = member.read(MAX_READ + 1)
                mimetype = text if len(text) <= MAX_READ else None
            return ZipOutline(names=[info.filename for info in infos], mimetype=mimetype)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, NotImplementedError):
        # Broken, encrypted, or packed with a method this Python lacks: not
        # a document the portal can recognise.
        return None
