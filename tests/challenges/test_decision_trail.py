"""Each statutory decision leaves a trail on the inbox item (who moved it
from which status to which, and why), records the decision, emails the
body in its own language, and is refused where it does not fit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.challenges import decisions, submission
from app.challenges.decisions import NotAllowed
from app.challenges.drafts import start_draft
from app.challenges.windows import council_today
from app.core.offline import offline_request_context
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxStatusChange
from tests.challenges.conftest import ANSWERS, BODY, CONTACT

DECIDE_BY = date(2027, 5, 14)


@pytest.fixture
def eoi(session, make_service):
    """Sent through the service the form uses (quicker than walking the form).
    Its published decision period (a year) takes in DECIDE_BY (s.84(4))."""
    service = make_service(decision_period_days=365)
    draft, token = start_draft(session, "en")
    draft.answers = {
        **BODY,
        **CONTACT,
        # As the form leaves it.
        "contact_email": CONTACT["contact_email"].lower(),
        "service_id": service.id,
        "area": "Hollinsby and Coldwater wards",
        **{key: value for step in ANSWERS.values() for key, value in step.items()},
        "partners_seen": True,
    }
    with offline_request_context():
        sent = submission.submit(session, draft, council_today(), token)
    session.commit()
    return sent


@pytest.fixture
def commissioner(make_staff):
    return make_staff("commissioner")


def trail(session, eoi) -> list[tuple[str | None, str, str, str | None]]:
    changes = session.scalars(
        select(InboxStatusChange)
        # What staff did; filing the item leaves entries of its own.
        .where(
            InboxStatusChange.item_id == eoi.inbox_item.id,
            InboxStatusChange.actor_id.is_not(None),
        )
        .order_by(InboxStatusChange.id)
    )
    return [(c.from_status, c.to_status, c.actor.email, c.note) for c in changes]


def last_email(session, eoi) -> OutboxMessage:
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.reference == eoi.reference)
        .order_by(OutboxMessage.id.desc())
    ).first()


def test_the_trail_records_the_decision_date_then_a_rejection_by_whom_and_why(
    session, eoi, commissioner
):
    who = commissioner.email
    decisions.notify_decision_date(session, eoi, commissioner, DECIDE_BY)
    decisions.reject(session, eoi, commissioner, ["procurement"], "  Already out to tender.  ")
    session.commit()
    assert trail(session, eoi) == [
        ("received", "decision_date_notified", who, "Decision by 2027-05-14"),
        ("decision_date_notified", "rejected", who, "Already out to tender."),
    ]


def test_the_trail_of_a_modification_ends_with_the_agreed_acceptance(session, eoi, make_staff):
    proposer = make_staff("commissioner", "proposer@elmsworth.gov.example")
    recorder = make_staff("administrator", "recorder@elmsworth.gov.example")
    decisions.propose_modification(
        session, eoi, proposer, " Keep Saturday opening. ", " Users need it. "
    )
    decisions.record_agreement(session, eoi, recorder, date(2027, 4, 2), " Letter from the chair ")
    session.commit()
    assert trail(session, eoi) == [
        ("received", "modification_proposed", proposer.email, "Keep Saturday opening."),
        ("modification_proposed", "accepted_with_modifications", recorder.email, "Users need it."),
    ]
    assert eoi.proposed_modification == "Keep Saturday opening."
    assert eoi.modification_agreed_on == date(2027, 4, 2)
    assert eoi.modification_agreement == "Letter from the chair"
    assert eoi.decision == "accepted_with_modifications"
    assert eoi.inbox_item.outcome == "Users need it."


def test_an_acceptance_without_reasons_leaves_a_trail_without_a_note(session, eoi, commissioner):
    decisions.accept(session, eoi, commissioner, "   ")
    session.commit()
    assert trail(session, eoi) == [("received", "accepted", commissioner.email, None)]
    assert eoi.decision_reasons == ""


def test_a_withdrawal_records_how_the_body_withdrew(session, eoi, commissioner):
    decisions.withdraw(session, eoi, commissioner, " Email of 2 March ")
    session.commit()
    assert trail(session, eoi) == [
        ("received", "withdrawn", commissioner.email, "Email of 2 March")
    ]
    assert eoi.decision_reasons == "Email of 2 March"
    assert eoi.inbox_item.outcome == "Email of 2 March"
    assert "We have recorded that you withdrew it." in last_email(session, eoi).body_text


def test_a_decision_date_becomes_the_items_due_date_and_is_emailed(session, eoi, commissioner):
    decisions.notify_decision_date(session, eoi, commissioner, DECIDE_BY)
    session.commit()
    assert eoi.status == "decision_date_notified"
    assert eoi.decision_due_on == DECIDE_BY
    assert eoi.inbox_item.due_on == DECIDE_BY
    assert eoi.decision is None
    email = last_email(session, eoi)
    assert email.to_address == CONTACT["contact_email"].lower()
    assert "We will decide by 14 May 2027." in email.body_text


def test_a_decision_records_what_and_when_and_clears_the_due_date(session, eoi, commissioner):
    decisions.notify_decision_date(session, eoi, commissioner, DECIDE_BY)
    decisions.accept(session, eoi, commissioner, "  A strong bid.  ")
    session.commit()
    assert eoi.decision == "accepted"
    assert eoi.decided_at is not None
    assert eoi.decision_reasons == "A strong bid."
    assert eoi.inbox_item.due_on is None
    assert eoi.inbox_item.outcome == "A strong bid."


def test_a_rejection_keeps_only_statutory_grounds_and_emails_them(session, eoi, commissioner):
    decisions.reject(session, eoi, commissioner, ["made_up", "procurement"], "Out to tender.")
    session.commit()
    assert eoi.rejection_grounds == ["procurement"]
    assert eoi.decision_reasons == "Out to tender."
    email = last_email(session, eoi)
    assert email.reference == eoi.reference
    assert email.locale == "en"
    assert "already the subject of a procurement exercise" in email.body_text
    assert "Out to tender." in email.body_text
    assert "You can follow it at http://localhost/track." in email.body_text
    assert "Hollinsby community library" in email.body_text


def test_a_welsh_body_is_told_in_welsh_with_the_services_welsh_name(session, eoi, commissioner):
    eoi.inbox_item.submitter_locale = "cy"
    decisions.accept(session, eoi, commissioner, "")
    session.commit()
    email = last_email(session, eoi)
    assert email.locale == "cy"
    assert "Llyfrgell gymunedol Hollinsby" in email.body_text


@pytest.mark.parametrize(
    ("grounds", "reasons"), [(["made_up"], "Reasons."), ([], "Reasons."), (["frivolous"], "  ")]
)
def test_a_rejection_needs_a_statutory_ground_and_reasons(
    session, eoi, commissioner, grounds, reasons
):
    with pytest.raises(NotAllowed, match="statutory ground and reasons"):
        decisions.reject(session, eoi, commissioner, grounds, reasons)
    assert eoi.status == "received"


@pytest.mark.parametrize(("change", "reasons"), [(" ", "Reasons."), ("Change.", " ")])
def test_a_modification_needs_the_change_and_the_reasons(
    session, eoi, commissioner, change, reasons
):
    with pytest.raises(NotAllowed, match="the change and the reasons"):
        decisions.propose_modification(session, eoi, commissioner, change, reasons)
    assert eoi.status == "received"


def test_agreement_needs_a_proposed_modification_and_how_it_was_given(session, eoi, commissioner):
    with pytest.raises(NotAllowed, match="no modification is waiting"):
        decisions.record_agreement(session, eoi, commissioner, date(2027, 4, 2), "Letter")
    decisions.propose_modification(session, eoi, commissioner, "Change.", "Reasons.")
    with pytest.raises(NotAllowed, match="say how the body agreed"):
        decisions.record_agreement(session, eoi, commissioner, date(2027, 4, 2), "  ")
    assert eoi.status == "modification_proposed"


def test_while_a_modification_waits_it_cannot_be_accepted_outright_or_given_a_date(
    session, eoi, commissioner
):
    decisions.propose_modification(session, eoi, commissioner, "Change.", "Reasons.")
    with pytest.raises(NotAllowed, match="answer to the proposed modification first"):
        decisions.accept(session, eoi, commissioner, "")
    with pytest.raises(NotAllowed, match="waiting for the body's answer"):
        decisions.notify_decision_date(session, eoi, commissioner, DECIDE_BY)
    assert eoi.status == "modification_proposed"
    # It can still be rejected or withdrawn.
    decisions.withdraw(session, eoi, commissioner, "Phone call")
    assert eoi.status == "withdrawn"


def test_a_withdrawal_needs_to_say_how(session, eoi, commissioner):
    with pytest.raises(NotAllowed, match="say how the body withdrew"):
        decisions.withdraw(session, eoi, commissioner, "  ")


@pytest.mark.parametrize(
    "decide",
    [
        lambda s, e, u: decisions.notify_decision_date(s, e, u, DECIDE_BY),
        lambda s, e, u: decisions.reject(s, e, u, ["frivolous"], "Reasons."),
        lambda s, e, u: decisions.accept(s, e, u, ""),
        lambda s, e, u: decisions.propose_modification(s, e, u, "Change.", "Reasons."),
        lambda s, e, u: decisions.withdraw(s, e, u, "Letter"),
    ],
    ids=["decision-date", "reject", "accept", "modify", "withdraw"],
)
def test_a_decided_expression_of_interest_takes_no_further_decision(
    session, eoi, commissioner, decide
):
    decisions.reject(session, eoi, commissioner, ["procurement"], "Out to tender.")
    session.commit()
    with pytest.raises(NotAllowed, match="already decided"):
        decide(session, eoi, commissioner)
    assert eoi.status == "rejected"
    assert len(trail(session, eoi)) == 1


def test_a_decision_made_on_a_staff_page_emails_a_full_link_to_follow_it(
    app, session, eoi, commissioner
):
    # The views decide inside a request, where a link would otherwise be relative.
    with app.test_request_context(f"/inbox/{eoi.reference}"):
        decisions.accept(session, eoi, commissioner, "")
    session.commit()
    assert "You can follow it at http://localhost/track." in last_email(session, eoi).body_text


def test_the_audit_log_names_who_set_the_date_and_who_proposed_a_change(session, eoi, make_staff):
    from app.core.audit import AuditEvent

    dates = make_staff("commissioner", "dates@elmsworth.gov.example")
    changes = make_staff("administrator", "changes@elmsworth.gov.example")
    decisions.notify_decision_date(session, eoi, dates, DECIDE_BY)
    decisions.propose_modification(session, eoi, changes, "Change.", "Reasons.")
    session.commit()
    entries = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_ref == eoi.reference, AuditEvent.action == "inbox.update")
        .order_by(AuditEvent.id)
    )
    assert [(e.actor_email, e.summary) for e in entries] == [
        ("dates@elmsworth.gov.example", "Right to Challenge decision: decision_date_notified"),
        ("changes@elmsworth.gov.example", "Right to Challenge decision: modification_proposed"),
    ]
