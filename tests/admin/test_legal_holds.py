"""Administrators place a legal hold on one record, with a reason, and lift
it; both are audited, bad input is refused with a clear message, and the
retention run then leaves the record alone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.models import LegalHold, RetentionRun
from app.inbox.services import file_submission
from tests.conftest import csrf_token, post_form


def _item(session, area):
    item = file_submission(
        session,
        kind="challenge",
        subject="A challenge",
        service_area=area,
        submitter_email="someone@example.com",
    )
    session.commit()
    return item


def test_an_administrator_places_and_lifts_a_hold(client, session, area, sign_in):
    item = _item(session, area)
    sign_in("administrator")
    placed = post_form(
        client,
        "/admin/legal-holds",
        {"reference": item.reference.lower(), "reason": "Judicial review of the decision"},
    )
    assert placed.status_code == 302
    page = client.get("/admin/legal-holds")
    assert item.reference in page.text
    assert "Judicial review of the decision" in page.text
    hold = session.scalar(select(LegalHold))
    assert hold.reference == item.reference
    assert hold.lifted_at is None

    lifted = post_form(
        client, f"/admin/legal-holds/{hold.id}/lift", {"reason": "The claim was withdrawn"}
    )
    assert lifted.status_code == 302
    session.expire_all()
    assert session.get(LegalHold, hold.id).lifted_at is not None
    actions = session.execute(
        select(AuditEvent.action, AuditEvent.object_ref, AuditEvent.details).order_by(AuditEvent.id)
    ).all()
    held = [(a, ref, d["reason"]) for a, ref, d in actions if a.startswith("legal_hold")]
    assert held == [
        ("legal_hold.place", item.reference, "Judicial review of the decision"),
        ("legal_hold.lift", item.reference, "The claim was withdrawn"),
    ]


def test_bad_input_is_refused_with_a_message_and_holds_nothing(client, session, area, sign_in):
    item = _item(session, area)
    sign_in("administrator")
    cases = [
        ({"reference": "", "reason": "x"}, "Enter the reference of the record to hold"),
        ({"reference": "not a reference", "reason": "x"}, "correct format"),
        ({"reference": "CON-2026-AAAAAA", "reason": "x"}, "There is no record with that reference"),
        ({"reference": item.reference, "reason": " "}, "Enter why the record must be kept"),
    ]
    for data, message in cases:
        response = post_form(client, "/admin/legal-holds", data)
        assert response.status_code == 400
        assert "govuk-error-summary" in response.text
        assert message in response.text
    assert session.scalar(select(LegalHold)) is None
    post_form(client, "/admin/legal-holds", {"reference": item.reference, "reason": "Claim"})
    again = post_form(client, "/admin/legal-holds", {"reference": item.reference, "reason": "x"})
    assert again.status_code == 400
    assert "already on legal hold" in again.text


def test_a_hold_needs_the_csrf_token(client, session, area, sign_in):
    item = _item(session, area)
    sign_in("administrator")
    response = client.post("/admin/legal-holds", data={"reference": item.reference, "reason": "x"})
    assert response.status_code == 400
    assert session.scalar(select(LegalHold)) is None


def test_commissioners_cannot_place_holds(client, session, area, sign_in):
    item = _item(session, area)
    sign_in("commissioner")
    page = client.get("/admin/legal-holds")
    assert page.status_code in (403, 404)
    response = client.post(
        "/admin/legal-holds",
        data={"reference": item.reference, "reason": "x", "csrf_token": "x"},
    )
    assert response.status_code in (400, 403, 404)
    assert session.scalar(select(LegalHold)) is None


def test_the_retention_page_shows_recent_runs(client, session, sign_in):
    session.add(
        RetentionRun(
            as_of=date(2026, 12, 5),
            dry_run=True,
            started_by="command",
            counts={"consultation_responses": {"done": 3, "held": ["CON-2026-AAAAAA"]}},
            errors=[],
        )
    )
    session.commit()
    sign_in("administrator")
    page = client.get("/admin/retention")
    assert "Recent retention runs" in page.text
    assert "Dry run" in page.text
    assert "5 December 2026" in page.text
    assert csrf_token(page.text)
