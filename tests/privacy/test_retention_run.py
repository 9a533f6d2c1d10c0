"""The retention run: past every period, nothing of the person is left
anywhere; the figures stay; held records and dry runs change nothing; and a
record is kept to the last day of its period, London time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.consultations.analysis import Filters, analyse, equality_totals
from app.consultations.models import Consultation, ConsultationResponse, EqualityMonitoring
from app.core.copies import REMOVED
from app.core.db import db
from app.core.london_time import london_to_utc, london_today
from app.core.models import LegalHold, RetentionRun
from app.core.offline import offline_request_context
from app.core.retention import run
from app.inbox.models import InboxItem
from tests.privacy.traces import (
    NAME,
    respond,
    traces_in_database,
    traces_on_disk,
    work_the_item,
)


def _run(session, **kwargs):
    with offline_request_context():
        return run(session, **kwargs)


def _close(session, respondent, on: date) -> None:
    """The consultation closed at 5pm London time on `on`."""
    from datetime import time

    consultation = session.get(Consultation, respondent.consultation_id)
    consultation.closes_at = london_to_utc(on, time(17, 0))
    session.commit()


@pytest.fixture
def respondent(session, make_consultation, make_staff):
    consultation = make_consultation()
    found = respond(session, consultation)
    respond(session, consultation, name="Other Person", email="other@elsewhere.example")
    session.commit()
    work_the_item(session, found.reference, make_staff("commissioner"))
    assert traces_in_database(), "the scan must see the person before the run"
    return found


def figures(session, consultation_id):
    consultation = session.get(Consultation, consultation_id)
    total, results = analyse(session, consultation, Filters())
    return total, [(r.question.id, r.answered, r.rows) for r in results]


def test_past_every_period_nothing_of_the_person_is_left(app, session, respondent):
    _close(session, respondent, london_today() - timedelta(days=1))
    outcome = _run(session, as_of=london_today() + timedelta(days=366 * 10))
    assert outcome.errors == []
    assert outcome.counts["consultation_responses"]["done"] == 2
    db.session.remove()
    assert traces_in_database() == []
    assert traces_on_disk(Path(app.instance_path)) == []


def test_anonymising_keeps_the_consultation_figures(session, respondent):
    _close(session, respondent, date(2024, 3, 4))
    before = figures(session, respondent.consultation_id)
    _run(session, as_of=date(2026, 3, 5))
    session.expire_all()
    response = session.get(ConsultationResponse, respondent.response_id)
    assert response.anonymised_at is not None
    assert response.name is None
    assert figures(session, respondent.consultation_id) == before
    # The free text has gone, but it still counts as answered.
    _total, results = analyse(
        session, session.get(Consultation, respondent.consultation_id), Filters()
    )
    free = next(r for r in results if r.question.kind == "free_text")
    assert [text for _ref, _v, text, _t in free.texts] == [REMOVED, REMOVED]


def test_the_last_day_of_the_period_is_kept_and_the_next_is_not(session, respondent):
    # Closed at 5pm on 4 March 2024 (London): kept through 4 March 2026.
    _close(session, respondent, date(2024, 3, 4))
    kept = _run(session, as_of=date(2026, 3, 4))
    assert kept.counts["consultation_responses"]["done"] == 0
    assert session.get(ConsultationResponse, respondent.response_id).name == NAME
    gone = _run(session, as_of=date(2026, 3, 5))
    assert gone.counts["consultation_responses"]["done"] == 2
    session.expire_all()
    assert session.get(ConsultationResponse, respondent.response_id).name is None


def test_the_boundary_is_londons_midnight_not_utcs(session, respondent):
    # 00:30 on 1 July 2024 in London is still 30 June in UTC: the period runs
    # from the London date, so 1 July 2026 is its last day.
    from datetime import time

    consultation = session.get(Consultation, respondent.consultation_id)
    consultation.closes_at = london_to_utc(date(2024, 7, 1), time(0, 30))
    session.commit()
    assert consultation.closes_at.date() == date(2024, 6, 30)
    assert _run(session, as_of=date(2026, 7, 1)).counts["consultation_responses"]["done"] == 0
    assert _run(session, as_of=date(2026, 7, 2)).counts["consultation_responses"]["done"] == 2


def test_a_record_on_legal_hold_is_skipped_and_the_run_says_so(session, respondent):
    _close(session, respondent, date(2020, 1, 1))
    session.add(LegalHold(reference=respondent.reference, reason="Judicial review"))
    session.commit()
    outcome = _run(session, as_of=date(2026, 1, 1))
    assert outcome.counts["consultation_responses"]["held"] == [respondent.reference]
    assert outcome.counts["consultation_responses"]["done"] == 1
    session.expire_all()
    assert session.get(ConsultationResponse, respondent.response_id).name == NAME
    item = session.scalar(select(InboxItem).where(InboxItem.reference == respondent.reference))
    assert item.submitter_name == NAME


def test_a_dry_run_changes_nothing_but_records_itself(session, respondent):
    _close(session, respondent, date(2020, 1, 1))
    before = traces_in_database()
    equality = session.scalar(select(func.count()).select_from(EqualityMonitoring))
    outcome = _run(session, as_of=date(2030, 1, 1), dry_run=True)
    assert outcome.dry_run
    assert outcome.counts["consultation_responses"]["done"] == 2
    db.session.remove()
    assert traces_in_database() == before
    assert db.session.scalar(select(func.count()).select_from(EqualityMonitoring)) == equality
    runs = db.session.scalars(select(RetentionRun)).all()
    assert [(r.dry_run, r.as_of) for r in runs] == [(True, date(2030, 1, 1))]


def test_equality_answers_are_deleted_after_their_period(session, respondent):
    _close(session, respondent, date(2024, 3, 4))
    consultation = session.get(Consultation, respondent.consultation_id)
    assert equality_totals(session, consultation)
    _run(session, as_of=date(2026, 3, 5))
    assert session.scalar(select(func.count()).select_from(EqualityMonitoring)) == 0


def test_kinds_the_run_does_not_handle_yet_are_reported(session):
    outcome = _run(session, as_of=date(2026, 1, 1))
    assert outcome.counts["consultation_responses"]["automated"] is True
    assert all("automated" in entry for entry in outcome.counts.values())


def test_run_if_due_runs_once_a_london_day(session):
    from app.core.retention import run_if_due

    now = datetime(2026, 6, 30, 23, 30, tzinfo=__import__("datetime").UTC)  # 00:30 on 1 July
    with offline_request_context():
        first = run_if_due(session, now)
        again = run_if_due(session, now + timedelta(hours=2))
    assert first.as_of == date(2026, 7, 1)
    assert again is None


def test_the_worker_applies_the_policy_once_a_day(app, session):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["worker", "--once"])
        assert result.exit_code == 0, result.output
    runs = db.session.scalars(select(RetentionRun)).all()
    assert [(r.started_by, r.as_of, r.dry_run) for r in runs] == [("worker", london_today(), False)]


def test_a_deactivated_account_becomes_a_former_member_of_staff_after_a_year(session, make_staff):
    from app.accounts.models import StaffUser
    from app.accounts.retention import FORMER
    from app.accounts.services import deactivate_staff
    from app.core.audit import AuditEvent

    admin = make_staff("administrator")
    leaver = make_staff("viewer", email="leaver@elmsworth.gov.example")
    deactivate_staff(session, leaver, by=admin)
    session.commit()
    kept = _run(session, as_of=london_today() + timedelta(days=365))
    assert kept.counts["staff_accounts"]["done"] == 0
    gone = _run(session, as_of=london_today() + timedelta(days=367))
    assert gone.counts["staff_accounts"]["done"] == 1
    session.expire_all()
    former = session.get(StaffUser, leaver.id)
    assert former.name == FORMER
    assert "leaver" not in former.email
    assert not former.check_password("anything at all")
    # The log still says the account was deactivated; not whose it was.
    entries = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "staff.deactivate")
    ).all()
    assert len(entries) == 1
    assert "leaver" not in f"{entries[0].object_ref} {entries[0].summary} {entries[0].details}"
    assert session.get(StaffUser, admin.id).name != FORMER


def test_the_pseudonymised_export_has_no_direct_identifiers(client, session, respondent, sign_in):
    sign_in("administrator")
    url = f"/admin/consultations/{respondent.consultation_id}/responses-pseudonymised.csv"
    body = client.get(url).text
    lines = body.strip().splitlines()
    assert len(lines) == 3  # the header and two respondents
    assert "zephyrine" not in body.lower()
    assert "quillfeather" not in body.lower()
    assert respondent.reference not in body
    assert "Saturday openings" in body  # the answers themselves are kept
    # The same response has the same pseudonym every time.
    assert client.get(url).text == body
