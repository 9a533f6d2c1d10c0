"""Erasing one person: nothing of theirs is left in any column of any table
(or the instance folder); someone else's response is untouched; the audit
log keeps that it happened and why, not who; held records are kept; the
command asks first on a terminal; refusals and corrections are recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.consultations.models import ConsultationResponse
from app.core.audit import AuditEvent
from app.core.db import db
from app.core.erasure import erase
from app.core.models import LegalHold
from app.core.offline import offline_request_context
from app.core.personal_data import parse_needle
from tests.conftest import post_form
from tests.privacy.traces import (
    EMAIL,
    NAME,
    respond,
    traces_in_database,
    traces_on_disk,
    work_the_item,
)

OTHER = ("other person", "other@elsewhere.example")


@pytest.fixture
def people(session, make_consultation, make_staff):
    consultation = make_consultation()
    mine = respond(session, consultation)
    theirs = respond(session, consultation, name="Other Person", email=OTHER[1])
    session.commit()
    work_the_item(session, mine.reference, make_staff("commissioner"))
    assert traces_in_database()
    return mine, theirs


def test_after_erasure_nothing_of_the_person_is_left_anywhere(app, session, people):
    mine, theirs = people
    with offline_request_context():
        done = erase(session, parse_needle(EMAIL), reason="They asked us to", actor=None)
    session.commit()
    assert done.references == [mine.reference]
    db.session.remove()
    assert traces_in_database() == []
    assert traces_on_disk(Path(app.instance_path)) == []
    # The other respondent is untouched, everywhere.
    assert traces_in_database(OTHER)
    other = db.session.get(ConsultationResponse, theirs.response_id)
    assert other.email == OTHER[1]
    # The log says it happened, and why, with the reference, not the person.
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "erasure.erase"))
    assert entry.details["reason"] == "They asked us to"
    assert entry.details["references"] == [mine.reference]


def test_a_held_record_is_not_erased(session, people):
    mine, _theirs = people
    session.add(LegalHold(reference=mine.reference, reason="A claim"))
    session.commit()
    with offline_request_context():
        done = erase(session, parse_needle(EMAIL), reason="Asked", actor=None)
    session.commit()
    assert done.held == [mine.reference]
    assert done.due == []
    assert session.get(ConsultationResponse, mine.response_id).name == NAME


def test_the_command_asks_first_on_a_terminal_and_not_with_yes(app, session, people):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["erase", EMAIL, "--reason", "Asked"])
    assert refused.exit_code != 0
    assert "--yes" in refused.output
    assert traces_in_database()
    done = runner.invoke(args=["erase", EMAIL, "--reason", "Asked by letter", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Erased 1 records" in done.output
    db.session.remove()
    assert traces_in_database() == []


def test_the_retention_command_runs_and_dry_runs(app, session, people):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "--dry-run", "--as-of", "2099-01-01"])
    assert dry.exit_code == 0, dry.output
    assert "consultation_responses: 2 would be anonymised" in dry.output
    assert traces_in_database()
    bad = runner.invoke(args=["retention", "--as-of", "tomorrow"])
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output
    done = runner.invoke(args=["retention", "--as-of", "2099-01-01"])
    assert "consultation_responses: 2 were anonymised" in done.output
    db.session.remove()
    assert traces_in_database() == []


def _page(client, sign_in):
    sign_in("administrator")
    return f"/admin/subject-access/erasure?q={EMAIL}"


def test_an_administrator_erases_from_the_subject_access_result(client, session, people, sign_in):
    url = _page(client, sign_in)
    found = client.get(f"/admin/subject-access?q={EMAIL}")
    assert "Erase or correct this person’s data" in found.text
    page = client.get(url)
    assert page.status_code == 200
    assert people[0].reference in page.text
    response = post_form(client, url, {"decision": "erase", "reason": "Asked in writing"})
    assert response.status_code == 302
    db.session.remove()
    assert traces_in_database() == []


def test_the_decision_needs_a_reason_and_a_choice(client, session, people, sign_in):
    url = _page(client, sign_in)
    response = post_form(client, url, {"reason": ""})
    assert response.status_code == 400
    assert "Select what you have decided" in response.text
    assert "Enter the reasons for the decision" in response.text
    wrong = post_form(client, url, {"decision": "correct", "new_email": "nope", "reason": "x"})
    assert wrong.status_code == 400
    assert "Enter the correct email address" in wrong.text
    assert traces_in_database()


def test_a_refusal_is_recorded_and_changes_nothing(client, session, people, sign_in):
    url = _page(client, sign_in)
    before = traces_in_database()
    response = post_form(
        client, url, {"decision": "refuse", "reason": "Needed for the judicial review"}
    )
    assert response.status_code == 302
    db.session.remove()
    assert traces_in_database() == before
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "erasure.refuse"))
    assert entry.details["reason"] == "Needed for the judicial review"
    assert EMAIL.lower() not in str(entry.details).lower()


def test_a_correction_replaces_the_address(client, session, people, sign_in):
    url = _page(client, sign_in)
    response = post_form(
        client, url, {"decision": "correct", "new_email": "z.q@new.example", "reason": "Typo"}
    )
    assert response.status_code == 302
    db.session.remove()
    assert db.session.get(ConsultationResponse, people[0].response_id).email == "z.q@new.example"
