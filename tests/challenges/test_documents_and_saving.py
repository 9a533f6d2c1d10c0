"""Supporting documents are judged by their content; save-and-return emails
a link that reopens the answers on any device."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.challenges.documents import MAX_BYTES, MAX_FILES, sniff
from app.challenges.models import ChallengeDocument, ChallengeDraft, ExpressionOfInterest
from app.core.archives import MAX_READ
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from tests.challenges.conftest import BODY, fill_to_check, post, start
from tests.conftest import csrf_token
from tests.downloads import assert_saves_as
from tests.uploads import count_inflated, zip_bomb

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def odf(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (ooxml("word/document.xml"), "docx"),
        (ooxml("xl/workbook.xml"), "xlsx"),
        (odf("application/vnd.oasis.opendocument.text"), "odt"),
        (odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (b"MZ\x90\x00 not a document", None),
        (b"PK\x03\x04 broken zip", None),
        (plain_zip(), None),
        (odf("application/vnd.oasis.opendocument.presentation"), None),
        (b"<html><script>alert(1)</script></html>", None),
    ],
)
def test_files_are_recognised_by_content(content, kind):
    assert sniff(content) == kind


def upload(client, name: str, content: bytes):
    page = client.get("/right-to-challenge/apply/documents")
    # Encoded in memory: the test client's own spooling leaves a temporary file open.
    boundary, body = encode_multipart(
        MultiDict(
            {
                "csrf_token": csrf_token(page.text),
                "document": FileStorage(io.BytesIO(content), filename=name),
                "upload": "Upload",
            }
        )
    )
    return client.post(
        "/right-to-challenge/apply/documents",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_document_is_uploaded_and_stored_with_the_eoi(client, session, make_service, sign_in):
    service = make_service()
    fill_to_check(client, service)
    response = upload(client, "accounts 2025.pdf", PDF)
    assert response.status_code == 302
    assert "accounts 2025.pdf" in client.get("/right-to-challenge/apply/documents").text
    assert "accounts 2025.pdf" in client.get("/right-to-challenge/apply/check").text
    response = post(client, "/right-to-challenge/apply/check", {"declaration": "y"})
    assert response.status_code == 302
    eoi = session.scalar(select(ExpressionOfInterest))
    assert [d.filename for d in eoi.documents] == ["accounts 2025.pdf"]
    assert "accounts 2025.pdf" in eoi.copy_html

    document = eoi.documents[0]
    sign_in("viewer")
    download = client.get(f"/inbox/{eoi.reference}/challenge/documents/{document.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"


def test_a_renamed_program_is_refused_whatever_its_name(client, session, make_service):
    make_service()
    start(client)
    response = upload(client, "business-plan.pdf", b"MZ\x90\x00\x03 this is a program")
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOCX, ODT, XLSX or ODS" in response.text
    assert session.scalar(select(ChallengeDocument)) is None


def test_the_stored_name_takes_the_real_type(client, session, make_service):
    make_service()
    start(client)
    upload(client, "../../etc/plan.exe", ooxml("word/document.xml"))
    assert session.scalar(select(ChallengeDocument.filename)) == "plan.docx"


def test_empty_too_big_and_too_many_files_are_refused(app, client, session, make_service):
    make_service()
    start(client)
    response = upload(client, "empty.pdf", b"")
    assert response.status_code == 400
    assert "Select a file to upload" in response.text or "is empty" in response.text
    response = upload(client, "big.pdf", PDF + b"0" * MAX_BYTES)
    assert response.status_code == 400
    assert "must be smaller than 5 MB" in response.text
    for number in range(MAX_FILES):
        assert upload(client, f"file{number}.pdf", PDF).status_code == 302
    response = upload(client, "one-more.pdf", PDF)
    assert response.status_code == 400
    assert f"You can upload up to {MAX_FILES} files" in response.text


def test_a_request_beyond_the_size_limit_gets_a_clear_page(client, make_service):
    make_service()
    start(client)
    response = client.post(
        "/right-to-challenge/apply/documents",
        data=b"0" * (11 * 1024 * 1024),
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
    assert "too big" in response.text.lower() or "too large" in response.text.lower()


def test_upload_without_a_file_asks_for_one(client, make_service):
    make_service()
    start(client)
    response = post(client, "/right-to-challenge/apply/documents", {"upload": "Upload"})
    assert response.status_code == 400
    assert "Select a file to upload" in response.text


def test_a_document_can_be_removed_only_from_its_own_draft(app, client, session, make_service):
    make_service()
    start(client)
    upload(client, "plan.pdf", PDF)
    document = session.scalar(select(ChallengeDocument))
    stranger = app.test_client()
    start(stranger)
    response = post(
        stranger,
        f"/right-to-challenge/apply/documents/{document.id}/remove",
        {},
        form_url="/right-to-challenge/apply/documents",
    )
    assert response.status_code == 404
    response = post(
        client,
        f"/right-to-challenge/apply/documents/{document.id}/remove",
        {},
        form_url="/right-to-challenge/apply/documents",
    )
    assert response.status_code == 302
    assert session.scalar(select(ChallengeDocument)) is None


def test_save_and_return_emails_a_link_that_reopens_the_answers(app, client, session, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/body", BODY)
    response = post(client, "/right-to-challenge/apply/save", {"email": "ruth@example.com"})
    assert response.status_code == 200
    assert "We have emailed you a link" in response.text
    email = session.scalar(select(OutboxMessage))
    assert email.to_address == "ruth@example.com"
    link = re.search(r"http://localhost(/right-to-challenge/apply/resume/\S+)", email.body_text)
    assert link

    elsewhere = app.test_client()
    response = elsewhere.get(link.group(1))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/right-to-challenge/apply/contact")
    page = elsewhere.get("/right-to-challenge/apply/body")
    assert 'value="Friends of Hollinsby Library"' in page.text


def test_save_needs_a_valid_email(client, make_service):
    make_service()
    start(client)
    response = post(client, "/right-to-challenge/apply/save", {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.text


def test_an_expired_or_made_up_link_says_so(app, client, session, make_service):
    make_service()
    assert client.get("/right-to-challenge/apply/resume/made-up").status_code == 404
    start(client)
    draft = session.scalar(select(ChallengeDraft))
    draft.updated_at = utcnow() - timedelta(days=29)
    session.commit()
    assert client.get("/right-to-challenge/apply/body").status_code == 302


def test_abandoned_drafts_and_their_documents_are_cleared_out(app, client, session, make_service):
    make_service()
    start(client)
    upload(client, "plan.pdf", PDF)
    draft = session.scalar(select(ChallengeDraft))
    draft.updated_at = utcnow() - timedelta(days=29)
    session.commit()
    start(app.test_client())
    session.expire_all()
    assert session.scalar(select(ChallengeDocument)) is None
    assert len(session.scalars(select(ChallengeDraft)).all()) == 1


def test_a_zip_bomb_is_refused_with_a_clear_message_without_being_unpacked(
    client, session, make_service, monkeypatch
):
    """A 64 KB "ODT" that unpacks to 64 MB: refused from the zip's directory,
    having inflated no more than the check's cap, and nothing kept."""
    make_service()
    start(client)
    inflated = count_inflated(monkeypatch)
    response = upload(client, "Cynllun.odt", zip_bomb())
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "unpacks to far more than its size" in response.text
    assert sum(inflated) <= MAX_READ + 1
    assert session.scalar(select(ChallengeDocument)) is None

    client.set_cookie("language", "cy")
    welsh = upload(client, "Cynllun.odt", zip_bomb())
    assert welsh.status_code == 400
    assert "unpacks to far more than its size" not in welsh.text
    assert "dadbacio" in welsh.text


def test_a_document_with_a_welsh_name_downloads_under_that_name(
    client, session, make_service, sign_in
):
    service = make_service()
    fill_to_check(client, service)
    # Decomposed, as a Mac sends it: w and a combining circumflex.
    name = unicodedata.normalize("NFD", "Cynllun ŵyl.pdf")
    assert upload(client, name, PDF).status_code == 302
    assert post(client, "/right-to-challenge/apply/check", {"declaration": "y"}).status_code == 302
    eoi = session.scalar(select(ExpressionOfInterest))
    assert [d.filename for d in eoi.documents] == ["Cynllun ŵyl.pdf"]

    sign_in("viewer")
    download = client.get(f"/inbox/{eoi.reference}/challenge/documents/{eoi.documents[0].id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert_saves_as(download, "Cynllun ŵyl.pdf", fallback="Cynllun wyl.pdf")
