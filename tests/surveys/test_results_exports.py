"""A wave's responses and the trend series download as CSV and XLSX that
open in a spreadsheet, hold the right rows, name organisations only where
they agreed, cannot run formulas, and are audited."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.core.audit import AuditEvent
from tests.surveys.test_results import expected_from_store, scenario  # noqa: F401

EVIL = '=HYPERLINK("http://evil.example")'


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _xlsx(response) -> list[dict]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_responses_download_holds_one_row_per_sent_response(
    client,
    sign_in,
    session,
    scenario,  # noqa: F811
):
    sign_in("viewer")
    for rows in (
        _csv(client.get(f"/admin/surveys/{scenario.id}/results.csv")),
        _xlsx(client.get(f"/admin/surveys/{scenario.id}/results.xlsx")),
    ):
        assert len(rows) == 5
        assert sorted(row["Organisation"] for row in rows) == [
            "Alpha Trust",
            "Anonymous",
            "Anonymous",
            "Anonymous",
            "Echo Group",
        ]
        assert (
            sorted(row["How they answered"] for row in rows)
            == ["Invitation"] * 3 + ["Open link"] * 2
        )
        rating = "Overall, how good is your relationship with the council?"
        assert sorted(str(row[rating] or "") for row in rows) == ["", "2", "3", "4", "5"]
        barriers = [
            row["What stopped you bidding?"] for row in rows if row["What stopped you bidding?"]
        ]
        assert sorted(barriers) == [
            "Not enough time to put a bid together",
            "Not enough time to put a bid together; "
            "Payment terms, such as being paid late or in arrears",
            "The price would not cover our full costs",
        ]
        change = "What is the one thing the council should change?"
        texts = {row[change] for row in rows}
        assert "'" + EVIL in texts
        assert EVIL not in texts
        assert "Unsent words" not in texts
        names = " ".join(str(value) for row in rows for value in row.values())
        assert "Bravo Hidden Group" not in names
        assert "Foxtrot Secret" not in names

    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.export")).all()
    assert [event.summary for event in audits] == [
        "Exported survey responses as CSV",
        "Exported survey responses as XLSX",
    ]


def test_the_responses_download_follows_the_filters(client, sign_in, scenario):  # noqa: F811
    sign_in("viewer")
    rows = _csv(client.get(f"/admin/surveys/{scenario.id}/results.csv?org_type=charity"))
    assert len(rows) == 3


def test_the_trend_download_holds_every_option_of_every_wave(
    client,
    sign_in,
    session,
    scenario,  # noqa: F811
):
    sign_in("viewer")
    expected = expected_from_store(session, scenario)
    for rows in (
        _csv(client.get("/admin/surveys/trends.csv")),
        _xlsx(client.get("/admin/surveys/trends.xlsx")),
    ):
        by_key = {(row["Question code"], row["Option key"]): row for row in rows}
        bid = by_key[("bid", "no")]
        assert bid["Wave"] == scenario.title
        assert bid["Wording"] == "Did you bid for council work or funding in the last six months?"
        assert str(bid["Count"]) == str(expected["bid"]["counts"]["no"]) == "2"
        assert str(bid["Answered"]) == "5"
        assert float(bid["Percentage"]) == 40.0
        good = by_key[("relationship", "4_or_5")]
        assert (str(good["Count"]), float(good["Percentage"])) == ("2", 50.0)
        assert float(good["Mean rating"]) == 3.5
        assert ("what_change", "") not in by_key
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "survey.export")).all()
    assert len(audits) == 2
