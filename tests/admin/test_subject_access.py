"""/admin/subject-access: an administrator finds what the portal holds about
a person, downloads it as a readable report and as JSON, and logs the
request in the inbox; nobody else can."""

from __future__ import annotations

import json
from datetime import date
from unittest import mock

import jsonschema
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.inbox.models import InboxItem
from tests.conftest import post_form
from tests.subject_people import *  # noqa: F403  (fixtures)
from tests.subject_people import OMAR, RUTH

REPORT_SCHEMA = {
    "type": "object",
    "required": ["generated_at", "query", "holdings"],
    "additionalProperties": False,
    "properties": {
        "generated_at": {"type": "string", "format": "date-time"},
        "query": {
            "type": "object",
            "required": ["text", "kind"],
            "properties": {
                "text": {"type": "string"},
                "kind": {"enum": ["email", "reference", "name"]},
            },
        },
        "holdings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "reference", "when", "summary", "data"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"type": "string", "minLength": 1},
                    "reference": {"type": "string", "minLength": 1},
                    "when": {"type": ["string", "null"]},
                    "summary": {"type": "string"},
                    "data": {"type": "object"},
                },
            },
        },
    },
}


@pytest.fixture
def admin(sign_in):
    return sign_in("administrator")


def test_the_search_shows_counts_for_every_part_of_the_portal(client, admin, ruth, omar):
    page = client.get("/admin/subject-access", query_string={"q": RUTH})

    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    counts = {
        row.th.get_text(strip=True): int(row.td.get_text(strip=True))
        for row in soup.select("table")[0].select("tbody tr")
    }
    assert counts["Consultation responses"] == 1
    assert counts["Event bookings"] == 1
    assert counts["Right to Challenge expressions of interest"] == 1
    assert counts["Supplier register"] == 1
    assert counts["Third-sector survey"] == 1
    assert counts["Staff accounts"] == 0
    assert ruth.references["challenge"] in page.text
    assert "Omar" not in page.text
    # The search is on the record, without who was searched for.
    event = admin_event(client, "subject_access.search")
    assert event.details == {"query_kind": "email", "count": sum(counts.values())}
    assert "ruth" not in repr(event.details).lower() + event.summary.lower()


def admin_event(client, action: str) -> AuditEvent:
    with client.application.app_context():
        from app.core.db import db

        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Enter an email address, name, reference or organisation"),
        ("ab", "Enter at least 3 letters of a name or organisation"),
        ("ruth@", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_a_search_that_cannot_be_run_says_why(client, admin, q, message):
    page = client.get("/admin/subject-access", query_string={"q": q})

    assert page.status_code == 400
    soup = BeautifulSoup(page.text, "html.parser")
    assert message in soup.select_one(".govuk-error-summary").get_text()
    assert message in soup.select_one(".govuk-error-message").get_text()
    assert soup.title.get_text().startswith("Error:")


def test_the_json_report_holds_every_record_in_a_stable_shape(client, admin, ruth, omar):
    response = client.get("/admin/subject-access/report.json", query_string={"q": RUTH})

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    report = response.get_json()
    jsonschema.validate(report, REPORT_SCHEMA, format_checker=jsonschema.FormatChecker())
    kinds = {holding["kind"] for holding in report["holdings"]}
    assert kinds >= {
        "consultation_response",
        "challenge",
        "supplier",
        "event_booking",
        "survey",
        "inbox",
        "outbox",
    }
    text = json.dumps(report).lower()
    assert "a wheelchair space near the door" in text
    assert OMAR not in text
    assert "marsh lane" not in text
    event = admin_event(client, "subject_access.export")
    assert event.details == {"query_kind": "email", "count": len(report["holdings"])}


def test_the_readable_report_stands_alone_in_the_readers_language(client, admin, ruth):
    response = client.get("/admin/subject-access/report.html", query_string={"q": RUTH})

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text().startswith("What Elmsworth Borough Council holds about you")
    # Nothing fetched from the portal: it is read wherever it is saved.
    assert not soup.select("link[rel=stylesheet], script[src], img")
    headings = [h.get_text(strip=True) for h in soup.select("h2")]
    assert "Event bookings" in headings
    assert "A wheelchair space near the door" in response.text
    assert soup.select("dl dt")

    client.get("/language/cy", headers={"Referer": "/"})
    welsh = client.get("/admin/subject-access/report.html", query_string={"q": RUTH})
    assert BeautifulSoup(welsh.text, "html.parser").html["lang"] == "cy"


def test_a_download_with_no_search_goes_back_to_the_form(client, admin):
    response = client.get("/admin/subject-access/report.json", query_string={"q": "x"})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/subject-access?q=x")


@pytest.mark.parametrize(
    ("received", "due"),
    [(date(2027, 1, 31), date(2027, 2, 28)), (date(2026, 11, 30), date(2026, 12, 30))],
)
def test_logging_the_request_files_it_in_the_inbox_due_in_a_calendar_month(
    client, admin, session, received, due
):
    with mock.patch("app.admin.subject_access_forms.london_today", return_value=date(2028, 1, 1)):
        response = post_form(
            client,
            "/admin/subject-access/requests",
            {
                "email": "Ruth@Hollinsby.example",
                "received": [str(received.day), str(received.month), str(received.year)],
            },
            form_url=f"/admin/subject-access?q={RUTH}",
        )

    assert response.status_code == 302
    logged = select(InboxItem).where(InboxItem.kind == "subject_access_request")
    item = session.scalars(logged).one()
    assert response.headers["Location"] == f"/inbox/{item.reference}"
    assert item.reference.startswith("SAR-")
    assert item.submitter_email == "ruth@hollinsby.example"
    assert item.due_on == due
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200
    assert "Subject access request" in shown.text
    event = admin_event(client, "subject_access.logged")
    assert event.object_ref == item.reference
    assert "ruth" not in repr(event.details).lower()


def test_a_request_cannot_be_logged_as_received_in_the_future(client, admin, session):
    response = post_form(
        client,
        "/admin/subject-access/requests",
        {"email": "ruth@hollinsby.example", "received": ["1", "1", "2099"]},
        form_url=f"/admin/subject-access?q={RUTH}",
    )

    assert response.status_code == 400
    assert "must be today or in the past" in response.text
    assert session.scalars(select(InboxItem)).all() == []


@pytest.mark.parametrize("role", ["viewer", "commissioner"])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/subject-access?q=ruth@hollinsby.example",
        "/admin/subject-access/report.json?q=ruth@hollinsby.example",
        "/admin/subject-access/report.html?q=ruth@hollinsby.example",
    ],
)
def test_only_administrators_may_look(client, sign_in, role, path):
    sign_in(role)

    assert client.get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/subject-access/report.json?q=ruth@hollinsby.example")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_the_command_writes_both_reports_and_prints_the_counts(app, session, ruth, tmp_path):
    out = tmp_path / "ruth"
    result = app.test_cli_runner().invoke(args=["subject-access", RUTH.upper(), "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "event_booking: 1" in result.output
    assert "staff_account: 0" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, REPORT_SCHEMA)
    assert ruth.references["booking"] in {h["reference"] for h in report["holdings"]}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "A wheelchair space near the door" in html
    assert session.scalars(
        select(AuditEvent).where(AuditEvent.action == "subject_access.export")
    ).one().details == {"query_kind": "email", "count": len(report["holdings"])}


def test_the_command_refuses_anything_but_an_email_address(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["subject-access", "Ruth", "--out", str(tmp_path)])

    assert result.exit_code != 0
    assert not (tmp_path / "report.json").exists()
