"""Supporting documents: what a file is, judged by its content and never its
name, and the limits on how many and how big."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sqlalchemy.orm import Session

from app.challenges.models import ChallengeDocument, ChallengeDraft
from app.core.archives import UnsafeArchive, outline

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 10

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
LABELS = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT", "xlsx": "XLSX", "ods": "ODS"}


class DocumentRefused(ValueError):
    """Why a file was not accepted; `reason` is one of the codes below."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sniff(content: bytes) -> str | None:
    """'pdf', 'docx', 'odt', 'xlsx' or 'ods', or None for anything else.
    Raises UnsafeArchive for a zip that would unpack far beyond its size."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    found = outline(content)
    if found is None:
        return None
    # OpenDocument puts an uncompressed "mimetype" entry first.
    if found.mimetype is not None:
        return ODF_TYPES.get(found.mimetype.strip())
    if "[Content_Types].xml" in found.names:
        for part, kind in OOXML_PARTS.items():
            if part in found.names:
                return kind
    return None


def safe_filename(name: str, kind: str) -> str:
    name = unicodedata.normalize("NFC", name or "")
    base = re.sub(r"[^\w.\- ]+", "", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    base = " ".join(base.split())[:150].rsplit(".", 1)[0] or "document"
    return f"{base}.{kind}"


def add_document(
    session: Session, draft: ChallengeDraft, filename: str, content: bytes
) -> ChallengeDocument:
    if not content:
        raise DocumentRefused("empty")
    if len(content) > MAX_BYTES:
        raise DocumentRefused("too_big")
    if len(draft.documents) >= MAX_FILES:
        raise DocumentRefused("too_many")
    try:
        kind = sniff(content)
    except UnsafeArchive:
        raise DocumentRefused("unsafe_archive") from None
    if kind is None:
        raise DocumentRefused("wrong_type")
    document = ChallengeDocument(
        filename=safe_filename(filename, kind),
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    draft.documents.append(document)
    session.flush()
    return document


def remove_document(session: Session, document: ChallengeDocument) -> None:
    session.delete(document)
