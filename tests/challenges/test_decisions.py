"""Commissioners make the statutory decisions from the inbox; each one
emails the body, shows on /track and is published on the register."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.challenges.models import ExpressionOfInterest
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem
from tests.challenges.conftest import CONTACT, post, some_date, submit


@pytest.fixture
def sent(app, make_service):
    """An expression of interest sent by a member of the public."""

    def send(**kwargs) -> str:
        return submit(app.test_client(), make_service(**kwargs))

    return send


def eoi_for(session, reference: str) -> ExpressionOfInterest:
    session.expire_all()
    return session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.reference == reference)
    )


def emails_to_body(session, reference: str) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.reference == reference)
            .order_by(OutboxMessage.id)
        )
    )


def date_parts(value) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


def test_the_inbox_item_shows_the_statutory_dates_and_decisions(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    page = client.get(f"/inbox/{reference}")
    assert page.status_code == 200
    assert "Tell the body the decision date by" in page.text
    assert "Reject" in page.text
    assert "Received" in page.text
    assert "Friends of Hollinsby Library" in page.text


def test_notifying_the_decision_date_sets_the_due_date_and_emails_the_body(
    client, session, sent, sign_in
):
    reference = sent()
    sign_in("commissioner")
    decide_by = some_date(60)
    url = f"/inbox/{reference}/challenge/decision-date"
    response = post(client, url, {"decide_by": date_parts(decide_by)})
    assert response.status_code == 302, response.text
    eoi = eoi_for(session, reference)
    assert eoi.status == "decision_date_notified"
    assert eoi.decision_due_on == decide_by
    assert eoi.inbox_item.due_on == decide_by
    last = emails_to_body(session, reference)[-1]
    assert last.to_address == CONTACT["contact_email"].lower()
    assert "We will decide by" in last.body_text


def test_a_decision_date_must_be_given_and_not_in_the_past(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/decision-date"
    response = post(client, url, {"decide_by": ["", "", ""]})
    assert response.status_code == 400
    assert "Enter the date by which the council will decide" in response.text
    response = post(client, url, {"decide_by": date_parts(some_date(-1))})
    assert response.status_code == 400
    assert "today or in the future" in response.text
    assert eoi_for(session, reference).status == "received"


def test_rejecting_needs_a_statutory_ground_and_reasons(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/reject"
    response = post(client, url, {})
    assert response.status_code == 400
    assert "Select at least one ground for rejection" in response.text
    assert "Enter the reasons for rejecting it" in response.text
    response = post(client, url, {"grounds": ["made_up"], "reasons": "No"})
    assert response.status_code == 400
    assert eoi_for(session, reference).status == "received"

    response = post(
        client,
        url,
        {"grounds": ["procurement"], "reasons": "The library is already out to tender."},
    )
    assert response.status_code == 302
    eoi = eoi_for(session, reference)
    assert eoi.status == "rejected"
    assert eoi.rejection_grounds == ["procurement"]
    assert eoi.inbox_item.due_on is None
    email = emails_to_body(session, reference)[-1]
    assert "already the subject of a procurement exercise" in email.body_text
    assert "already out to tender" in email.body_text

    register = client.get("/right-to-challenge/register")
    assert "Rejected" in register.text
    assert "already out to tender" in register.text


def test_accepting_with_modifications_needs_the_change_then_recorded_agreement(
    client, session, sent, sign_in
):
    reference = sent()
    sign_in("commissioner")
    # Agreement cannot be recorded before a modification is proposed.
    response = client.get(f"/inbox/{reference}/challenge/agreement")
    assert response.status_code == 302

    url = f"/inbox/{reference}/challenge/modify"
    response = post(client, url, {})
    assert response.status_code == 400
    assert "Enter the modification the council proposes" in response.text
    response = post(
        client,
        url,
        {
            "change": "Keep the Saturday opening hours.",
            "reasons": "Without Saturday opening it would not meet users' needs.",
        },
    )
    assert response.status_code == 302
    eoi = eoi_for(session, reference)
    assert eoi.status == "modification_proposed"
    assert "Keep the Saturday opening hours." in emails_to_body(session, reference)[-1].body_text
    # Accepting outright is not allowed while the body considers the change.
    assert client.get(f"/inbox/{reference}/challenge/accept").status_code == 302

    url = f"/inbox/{reference}/challenge/agreement"
    response = post(client, url, {"agreed_on": ["", "", ""], "how": ""})
    assert response.status_code == 400
    assert "Enter the date the body agreed in writing" in response.text
    assert "Enter how the body agreed" in response.text
    response = post(
        client, url, {"agreed_on": date_parts(some_date(3)), "how": "Letter from the chair"}
    )
    assert response.status_code == 400
    assert "today or in the past" in response.text
    response = post(
        client, url, {"agreed_on": date_parts(some_date(0)), "how": "Letter from the chair"}
    )
    assert response.status_code == 302
    eoi = eoi_for(session, reference)
    assert eoi.status == "accepted_with_modifications"
    assert eoi.modification_agreement == "Letter from the chair"
    assert eoi.decided_at is not None
    assert "agreeing to the change" in emails_to_body(session, reference)[-1].body_text
    register = client.get("/right-to-challenge/register")
    assert "Accepted with modifications" in register.text
    assert "Keep the Saturday opening hours." in register.text


def test_accepting_and_withdrawing(client, session, sent, sign_in):
    accepted = sent()
    withdrawn = sent(name="Allotments")
    sign_in("commissioner")
    assert post(client, f"/inbox/{accepted}/challenge/accept", {"reasons": ""}).status_code == 302
    assert eoi_for(session, accepted).status == "accepted"
    response = post(client, f"/inbox/{withdrawn}/challenge/withdraw", {})
    assert response.status_code == 400
    response = post(client, f"/inbox/{withdrawn}/challenge/withdraw", {"note": "Email 2 March"})
    assert response.status_code == 302
    assert eoi_for(session, withdrawn).status == "withdrawn"


def test_a_decided_eoi_takes_no_further_decision(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    post(client, f"/inbox/{reference}/challenge/accept", {"reasons": ""})
    response = post(
        client,
        f"/inbox/{reference}/challenge/reject",
        {"grounds": ["frivolous"], "reasons": "x"},
        form_url=f"/inbox/{reference}",
    )
    assert response.status_code == 302
    assert eoi_for(session, reference).status == "accepted"


def test_viewers_cannot_decide(client, session, sent, sign_in):
    reference = sent()
    sign_in("viewer")
    assert client.get(f"/inbox/{reference}/challenge/reject").status_code == 403
    assert client.get(f"/inbox/{reference}").status_code == 200


def test_the_inbox_shows_the_eoi_statuses_in_its_filters(client, session, sent, sign_in):
    sent()
    sign_in("commissioner")
    page = client.get("/inbox/?kind=challenge")
    assert "Decision date notified" in page.text
    assert session.scalar(select(InboxItem.status)) == "received"


def test_an_overdue_notification_is_flagged(client, session, sent, sign_in):
    reference = sent()
    eoi = eoi_for(session, reference)
    eoi.notify_by = some_date(-2)
    session.commit()
    sign_in("commissioner")
    assert "Overdue" in client.get(f"/inbox/{reference}").text


def test_the_inbox_status_form_cannot_make_a_statutory_decision(client, session, sent, sign_in):
    reference = sent()
    sign_in("commissioner")
    page = client.get(f"/inbox/{reference}")
    assert 'value="rejected"' not in page.text
    response = post(
        client, f"/inbox/{reference}/status", {"status": "rejected"}, form_url=f"/inbox/{reference}"
    )
    assert response.status_code == 400
    response = post(
        client,
        "/inbox/bulk",
        {"items": [reference], "action": "status", "status": "accepted"},
        form_url="/inbox/",
    )
    assert eoi_for(session, reference).status == "received"
    response = post(
        client,
        f"/inbox/{reference}/status",
        {"status": "under_consideration"},
        form_url=f"/inbox/{reference}",
    )
    assert response.status_code == 302
    assert eoi_for(session, reference).status == "under_consideration"
