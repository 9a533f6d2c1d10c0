"""Documents are checked by what they contain, limited in size, and listed
with their type and size."""

import io
import re
import zipfile

from sqlalchemy import func, select

from app.consultations.documents import file_type
from app.consultations.models import ConsultationDocument
from app.core.archives import MAX_READ
from tests.conftest import csrf_token
from tests.downloads import assert_saves_as
from tests.uploads import count_inflated, zip_bomb

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def test_file_types_come_from_the_content():
    assert file_type(PDF) == "pdf"
    assert file_type(DOCX) == "docx"
    assert file_type(ODT) == "odt"
    assert file_type(b"%PDF-1.7 but cut off") is None
    assert file_type(b"MZ\x90\x00 an executable") is None
    assert file_type(_zip({"evil.exe": b"MZ"})) is None
    assert file_type(b"PK\x03\x04 not really a zip") is None


def _upload(client, consultation, content: bytes, filename: str, title="Full proposal"):
    url = f"/admin/consultations/{consultation.id}/documents"
    page = client.get(url)
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(page.text),
            "title": title,
            "document": (io.BytesIO(content), filename),
        },
        content_type="multipart/form-data",
    )


def test_staff_upload_a_document_and_the_public_download_it(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    sign_in("commissioner")
    assert _upload(client, consultation, DOCX, "Proposal (final).docx").status_code == 302
    detail = client.get(f"/consultations/{consultation.slug}").text
    assert "Full proposal" in detail
    assert "Word document, 1 KB" in detail
    document = session.scalar(select(ConsultationDocument))
    assert document.filename == "Proposal-final.docx"
    download = client.get(
        f"/consultations/{consultation.slug}/documents/{document.id}/{document.filename}"
    )
    assert download.data == DOCX
    assert download.headers["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_renamed_or_oversized_file_is_refused_with_a_clear_message(
    client, session, sign_in, make_consultation, monkeypatch
):
    import app.consultations.documents as documents

    # A small limit keeps the test's upload in memory; the check is the same.
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 4096)
    consultation = make_consultation()
    sign_in("commissioner")
    renamed = _upload(client, consultation, b"MZ\x90\x00 payload", "harmless.pdf")
    assert renamed.status_code == 400
    assert "must be a PDF, ODT or DOCX" in renamed.text
    big = PDF[:-6] + b"x" * 5000 + b"%%EOF\n"
    oversized = _upload(client, consultation, big, "big.pdf")
    assert oversized.status_code == 400
    assert "5 MB or smaller" in oversized.text
    missing = client.post(
        f"/admin/consultations/{consultation.id}/documents",
        data={"csrf_token": csrf_token(client.get("/admin/consultations/").text), "title": "x"},
    )
    assert missing.status_code == 400
    assert session.scalar(select(func.count(ConsultationDocument.id))) == 0


def test_a_draft_consultations_documents_are_not_public(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation(published=False)
    sign_in("commissioner")
    _upload(client, consultation, PDF, "a.pdf")
    document = session.scalar(select(ConsultationDocument))
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/inbox/").text)})
    url = f"/consultations/{consultation.slug}/documents/{document.id}/{document.filename}"
    assert client.get(url).status_code == 404


def test_a_zip_bomb_is_refused_with_a_clear_message_without_being_unpacked(
    client, session, sign_in, make_consultation, monkeypatch
):
    consultation = make_consultation()
    sign_in("commissioner")
    inflated = count_inflated(monkeypatch)
    response = _upload(client, consultation, zip_bomb(), "proposal.odt")
    assert response.status_code == 400
    assert "unpacks to far more than its size" in response.text
    assert sum(inflated) <= MAX_READ + 1
    assert session.scalar(select(func.count(ConsultationDocument.id))) == 0


def test_a_document_with_a_welsh_name_keeps_it_and_downloads_under_it(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    sign_in("commissioner")
    assert _upload(client, consultation, PDF, "Cynllun ŵyl.pdf").status_code == 302
    document = session.scalar(select(ConsultationDocument))
    assert document.filename == "Cynllun-ŵyl.pdf"
    detail = client.get(f"/consultations/{consultation.slug}").text
    link = re.search(r'href="([^"]+/documents/[^"]+)"', detail).group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert download.data == PDF
    assert_saves_as(download, "Cynllun-ŵyl.pdf", fallback="Cynllun-wyl.pdf")
