"""Administrators choose how long each kind of record is kept; every change
is audited with its reason, and bad input changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEvent
from app.core.models import RetentionRule
from app.core.retention_policy import KINDS, Period, period, policy
from tests.conftest import post_form


def _form(**changes) -> dict:
    data = {}
    for code, kind in KINDS.items():
        data[f"{code}_amount"] = str(kind.amount)
        data[f"{code}_unit"] = kind.unit
    data["reason"] = "The records manager asked us to match the council's schedule"
    data.update(changes)
    return data


def _saved(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(RetentionRule)),
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "retention.update")
        ),
    )


def test_every_kind_keeps_its_default_until_changed(session):
    assert period(session, "event_access_needs") == Period(30, "days")
    assert period(session, "audit_log") == Period(6, "years")
    assert period(session, "outbox_emails") == Period(90, "days")
    assert set(policy(session)) == set(KINDS)


def test_reading_the_policy_many_times_costs_one_query(app, count_queries):
    from app.core.db import db

    def read():
        for code in KINDS:
            period(db.session, code)
            period(db.session, code)

    with app.app_context():
        assert count_queries(read).count == 1


@pytest.mark.parametrize("role", [None, "viewer", "commissioner"])
def test_only_administrators_reach_the_page(client, sign_in, role):
    if role:
        sign_in(role)
    response = client.get("/admin/retention")
    assert response.status_code == (302 if role is None else 403)


def test_a_change_is_saved_audited_with_its_reason_and_shown(client, session, sign_in):
    sign_in("administrator")
    response = post_form(
        client,
        "/admin/retention",
        _form(
            event_access_needs_amount="14", outbox_emails_amount="3", outbox_emails_unit="months"
        ),
    )
    assert response.status_code == 302
    session.expire_all()
    assert period(session, "event_access_needs") == Period(14, "days")
    assert period(session, "outbox_emails") == Period(3, "months")
    assert period(session, "consultation_responses") == Period(2, "years")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "retention.update"))
    assert event.actor_email == "administrator@elmsworth.gov.example"
    assert event.details["reason"] == (
        "The records manager asked us to match the council's schedule"
    )
    assert event.details["changes"] == {
        "event_access_needs": {"before": "30 days", "after": "14 days"},
        "outbox_emails": {"before": "90 days", "after": "3 months"},
    }
    page = client.get("/admin/retention")
    assert "Changes saved." in page.text
    assert 'value="14"' in page.text
    assert "14 days after the event, then deleted" in client.get("/privacy").text


def test_saving_the_same_periods_changes_and_audits_nothing(client, session, sign_in):
    sign_in("administrator")
    response = post_form(client, "/admin/retention", _form())
    assert response.status_code == 302
    assert "Nothing was changed." in client.get("/admin/retention").text
    assert _saved(session) == (0, 0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"consultation_responses_amount": "0"},
            "The number for Consultation responses must be between 1 and 999",
        ),
        (
            {"consultation_responses_amount": "1000"},
            "The number for Consultation responses must be between 1 and 999",
        ),
        ({"audit_log_amount": "six"}, "Number must be a whole number"),
        ({"audit_log_amount": ""}, "Enter the number for Audit log entries"),
        ({"staff_accounts_unit": "weeks"}, "Select one of the options"),
        ({"reason": ""}, "Enter why you are making this change"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, session, sign_in, changes, message):
    sign_in("administrator")
    response = post_form(
        client, "/admin/retention", _form(event_access_needs_amount="7", **changes)
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text
    assert _saved(session) == (0, 0)
    assert period(session, "event_access_needs") == Period(30, "days")


def test_errors_are_in_welsh_for_a_welsh_reader(client, session, sign_in):
    sign_in("administrator")
    client.get("/language/cy?next=/admin/retention")
    response = post_form(client, "/admin/retention", _form(reason=""))
    assert response.status_code == 400
    assert "Mae problem" in response.text
    assert "Rhowch pam rydych chi’n gwneud y newid hwn" in response.text
    assert _saved(session) == (0, 0)
