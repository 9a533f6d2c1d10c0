"""/track answers for every kind of submission sent with an email address,
with the same protection against guessing as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from tests.conftest import csrf_token
from tests.consultations.test_respond import answer_everything, submit

NOT_FOUND = "We could not find a submission with that reference and email address"


def track(client, reference: str, email: str, language: str = "en"):
    headers = {"Accept-Language": language}
    page = client.get("/track", headers=headers)
    return client.post(
        "/track",
        data={"csrf_token": csrf_token(page.text), "reference": reference, "email": email},
        headers=headers,
    )


def _consultation_reference(client, session, make_consultation):
    from app.consultations.models import ConsultationResponse

    consultation = make_consultation(title="Library hours")
    response, _data = submit(client, answer_everything(client, consultation))
    assert response.status_code == 302
    return session.scalar(select(ConsultationResponse.reference)), consultation


def test_a_consultation_response_can_be_followed(app, client, session, make_consultation):
    reference, _consultation = _consultation_reference(
        app.test_client(), session, make_consultation
    )
    page = track(client, reference.lower(), "PRIYA@example.com")
    assert page.status_code == 200, page.text
    assert reference in page.text
    assert "Received" in page.text
    assert "Library hours" in page.text
    assert "The consultation closes" in page.text


def test_a_consultation_response_with_a_wrong_email_is_not_found(
    app, client, session, make_consultation
):
    reference, _consultation = _consultation_reference(
        app.test_client(), session, make_consultation
    )
    wrong_email = track(client, reference, "someone@example.com")
    wrong_reference = track(client, "CON-2026-ZZZZZZ", "priya@example.com")
    for page in (wrong_email, wrong_reference):
        assert page.status_code == 400
        assert NOT_FOUND in page.text
        assert "Library hours" not in page.text


def test_a_supplier_registration_can_be_followed(client, session, make_supplier):
    supplier = make_supplier("Hollinsby Care Trust", "Office@HollinsbyCare.example")
    page = track(client, supplier.inbox_reference, "office@hollinsbycare.example")
    assert page.status_code == 200, page.text
    assert "Supplier registration" in page.text
    assert supplier.inbox_reference in page.text
    assert track(client, supplier.inbox_reference, "other@example.com").status_code == 400


def test_a_booking_can_be_followed_and_says_when_the_event_has_finished(
    client, session, make_supplier, make_event
):
    from app.events.services import book

    supplier = make_supplier("Marsh Lane Charity", "bookings@marshlane.example")
    event = make_event(title="Buyers breakfast")
    booking = book(session, event.id, supplier.contacts[0], names=["Ali Khan"])
    session.commit()
    page = track(client, booking.reference, "bookings@marshlane.example")
    assert page.status_code == 200, page.text
    assert "Buyers breakfast" in page.text
    assert "Place confirmed" in page.text
    assert "Finished" not in page.text
    event.starts_at = utcnow() - timedelta(days=2)
    event.ends_at = utcnow() - timedelta(days=2, hours=-2)
    session.commit()
    assert "Finished" in track(client, booking.reference, "bookings@marshlane.example").text


def test_a_survey_response_given_with_an_email_can_be_followed(client, session):
    from app.inbox.services import file_submission

    item = file_submission(
        session,
        kind="survey_response",
        subject="Spring survey: Marsh Lane Charity",
        submitter_name="Marsh Lane Charity",
        submitter_email="survey@marshlane.example",
    )
    item.status = "in_progress"
    session.commit()
    page = track(client, item.reference, "survey@marshlane.example")
    assert page.status_code == 200, page.text
    assert "Being looked at" in page.text


def test_an_anonymous_survey_response_cannot_be_followed(client, session):
    from app.inbox.services import file_submission

    item = file_submission(session, kind="survey_response", subject="Spring survey: anonymous")
    session.commit()
    page = track(client, item.reference, "")
    assert page.status_code == 400
    page = track(client, item.reference, "anyone@example.com")
    assert page.status_code == 400
    assert NOT_FOUND in page.text


@pytest.mark.parametrize("exists", [True, False])
def test_a_young_peoples_reference_says_how_to_ask_whether_or_not_it_exists(
    client, session, exists
):
    from app.inbox.services import file_submission

    reference = "CYP-2026-ABCDEF"
    if exists:
        reference = file_submission(
            session, kind="young_people_response", subject="Young people’s response: x"
        ).reference
        session.commit()
    page = track(client, reference, "child@example.com")
    assert page.status_code == 200
    assert "we cannot show the answers here" in page.text
    assert 'href="mailto:' in page.text


def test_the_young_peoples_answer_is_in_welsh_too(client):
    page = track(client, "CYP-2026-ABCDEF", "child@example.com", language="cy")
    assert page.status_code == 200
    assert '<html lang="cy"' in page.text
    assert "we cannot show the answers here" not in page.text


def test_every_kind_shares_the_rate_limit(app, client, make_supplier):
    supplier = make_supplier("Rate Limited Trust", "rate@limited.example")
    app.config["TRACK_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            track(client, supplier.inbox_reference, "wrong@example.com").status_code
            for _ in range(5)
        ]
    finally:
        app.config["TRACK_RATE_LIMIT"] = "10000 per minute"
    assert 429 in statuses
