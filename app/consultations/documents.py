"""Documents attached to a consultation: PDF, ODT or DOCX, recognised from
what the file contains, never from its name or the browser's say-so."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.orm import Session

from app.consultations.models import Consultation, ConsultationDocument
from app.core import audit
from app.core.archives import UnsafeArchive, outline
from app.core.page_cache import bump_version

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MIMETYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
LABELS = {"pdf": "PDF", "odt": "OpenDocument text", "docx": "Word document"}


class DocumentError(ValueError):
    pass


def file_type(content: bytes) -> str | None:
    """ "pdf", "odt" or "docx" if the content really is one; otherwise None.
    Raises UnsafeArchive for a zip that would unpack far beyond its size."""
    if content.startswith(b"%PDF-"):
        return "pdf" if b"%%EOF" in content[-2048:] else None
    found = outline(content)
    if found is None:
        return None
    names = set(found.names)
    if found.mimetype == MIMETYPES["odt"].encode() and "content.xml" in names:
        return "odt"
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    return None


def safe_filename(name: str, kind: str) -> str:
    """The name as it goes in the download's address: letters (Welsh ones
    too, composed as one character each), digits, dots and dashes."""
    stem = unicodedata.normalize("NFC", (name or "").rsplit(".", 1)[0])
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")
    return f"{(stem or 'document')[:80]}.{kind}"


def add_document(
    session: Session,
    consultation: Consultation,
    title: str,
    filename: str,
    content: bytes,
    title_cy: str = "",
) -> ConsultationDocument:
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentError("too_big")
    if not content:
        raise DocumentError("empty")
    try:
        kind = file_type(content)
    except UnsafeArchive:
        raise DocumentError("unsafe_archive") from None
    if kind is None:
        raise DocumentError("wrong_type")
    document = ConsultationDocument(
        title=" ".join(title.split())[:200],
        title_cy=" ".join((title_cy or "").split())[:200],
        filename=safe_filename(filename, kind),
        file_type=kind,
        size=len(content),
        content=content,
    )
    consultation.documents.append(document)
    session.flush()
    bump_version(session, "consultations")
    _audit(session, consultation, "Added a document", document.id)
    return document


def retitle_document(
    session: Session,
    consultation: Consultation,
    document: ConsultationDocument,
    title: str,
    title_cy: str,
) -> bool:
    """Change a document's English or Welsh title; the file stays as it is."""
    title = " ".join(title.split())[:200]
    title_cy = " ".join((title_cy or "").split())[:200]
    if (document.title, document.title_cy) == (title, title_cy):
        return False
    document.title, document.title_cy = title, title_cy
    bump_version(session, "consultations")
    _audit(session, consultation, "Changed a document’s title", document.id)
    return True


def remove_document(
    session: Session, consultation: Consultation, document: ConsultationDocument
) -> None:
    document_id = document.id
    consultation.documents.remove(document)
    _audit(session, consultation, "Removed a document", document_id)


def _audit(session: Session, consultation: Consultation, summary: str, document_id: int) -> None:
    audit.record(
        session,
        "consultation.update",
        obj=consultation,
        summary=summary,
        details={"document": document_id},
    )


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
