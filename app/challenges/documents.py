"""Supporting documents: what a file is, judged by its content and never its
name, and the limits on how many and how big."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from sqlalchemy.orm import Session

from app.challenges.models import ChallengeDocument, ChallengeDraft

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 10
# A zip that expands beyond this is refused rather than opened further.
MAX_UNPACKED = 200 * 1024 * 1024

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
    """'pdf', 'docx', 'odt', 'xlsx' or 'ods', or None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                return None
            names = {info.filename for info in infos}
            # OpenDocument puts an uncompressed "mimetype" entry first.
            if infos and infos[0].filename == "mimetype":
                return ODF_TYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None
    return None


def safe_filename(name: str, kind: str) -> str:
    base = re.sub(r"[^\w.\- ]+", "", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
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
    kind = sniff(content)
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
