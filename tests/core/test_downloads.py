"""Every download names its file so any browser saves it under that name,
and a streamed one is produced with the application still around it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import current_app
from flask_babel import gettext as _

from app import create_app
from app.core.db import db
from app.core.downloads import content_disposition, download
from tests.downloads import assert_saves_as
from tests.serving import serve


class _Response:
    def __init__(self, header: str) -> None:
        self.headers = {"Content-Disposition": header}


@pytest.mark.parametrize(
    ("name", "saved", "fallback"),
    [
        ("forward-plan.csv", "forward-plan.csv", "forward-plan.csv"),
        ("Cynllun ŵyl.pdf", "Cynllun ŵyl.pdf", "Cynllun wyl.pdf"),
        ("Adroddiad blynyddol – 2026.docx", "Adroddiad blynyddol – 2026.docx", None),
        ("文件.pdf", "文件.pdf", "download.pdf"),
        ('say "hi".pdf', 'say "hi".pdf', None),
        ("a\r\nSet-Cookie: x=1.pdf", "aSet-Cookie: x=1.pdf", None),
        ("../../etc/passwd", "-..-etc-passwd", None),
        ("\x00", "download", "download"),
    ],
)
def test_the_file_name_survives_and_the_header_stays_one_safe_line(name, saved, fallback):
    assert_saves_as(_Response(content_disposition(name)), saved, fallback=fallback)


@pytest.fixture
def streaming_app(app):
    """A separate app, since routes cannot be added to one already serving."""
    streaming = create_app(
        "test", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )

    @streaming.get("/_test/stream.csv")
    def stream():
        def rows():
            # Each of these needs the application, and runs after the view returned.
            yield f"{db.engine.dialect.name}\n"
            yield f"{current_app.config['COUNCIL_NAME']}\n"
            yield _("Yes") + "\n"

        return download(rows(), filename="Rhestr ŵyl.csv", mimetype="text/csv")

    yield streaming
    with streaming.app_context():
        db.engine.dispose()


def test_a_streamed_download_is_produced_when_served_as_a_server_would(streaming_app):
    status, headers, body = serve(streaming_app, "/_test/stream.csv")
    assert status == 200
    lines = body.decode().splitlines()
    assert lines[0] in {"sqlite", "postgresql"}
    assert lines[1] == streaming_app.config["COUNCIL_NAME"]
    assert lines[2] == "Yes"
    # In the language the download was asked for.
    welsh = serve(streaming_app, "/_test/stream.csv?lang=cy")[2].decode().splitlines()
    assert welsh[2] == "Ie"
    assert_saves_as(_Response(headers["Content-Disposition"]), "Rhestr ŵyl.csv")


def test_no_view_writes_its_own_content_disposition():
    """One helper for every download: a header written by hand is how a
    Welsh file name (or a line break in one) broke a download before."""
    app_dir = Path(__file__).resolve().parents[2] / "app"
    writers = [
        path.relative_to(app_dir).as_posix()
        for path in app_dir.rglob("*.py")
        if re.search(r"[\"']Content-Disposition[\"']", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["core/downloads.py"]
