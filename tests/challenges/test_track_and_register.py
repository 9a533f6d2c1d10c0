"""/track shows the body its status and decision; the register publishes
every expression of interest without personal contact details."""

from __future__ import annotations

from sqlalchemy import select

from app.challenges.models import ExpressionOfInterest
from tests.challenges.conftest import CONTACT, PARTNER, post, submit


def track(client, reference: str, email: str):
    return post(client, "/track", {"reference": reference, "email": email})


def test_track_shows_status_and_decision_date_with_the_right_email(
    app, client, session, make_service, sign_in
):
    reference = submit(app.test_client(), make_service())
    page = track(client, reference.lower().replace("-", " - "), CONTACT["contact_email"].upper())
    assert page.status_code == 200, page.text
    assert "Received" in page.text
    assert "The council will tell you by" in page.text
    # Having proved who they are, they can download their copy again.
    assert client.get(f"/right-to-challenge/apply/sent/{reference}/copy.html").status_code == 200


def test_track_gives_one_answer_for_a_wrong_email_or_reference(app, client, make_service):
    reference = submit(app.test_client(), make_service())
    wrong_email = track(client, reference, "someone.else@example.com")
    wrong_reference = track(client, "RTC-2026-ZZZZZZ", CONTACT["contact_email"])
    nonsense = track(client, "hello", CONTACT["contact_email"])
    for response in (wrong_email, wrong_reference, nonsense):
        assert response.status_code == 400
        assert (
            "We could not find a submission with that reference and email address" in response.text
        )
    assert "Received" not in wrong_email.text


def test_track_refuses_missing_and_malformed_input(client):
    response = post(client, "/track", {})
    assert response.status_code == 400
    assert "Enter your reference" in response.text
    assert "Enter the email address you used" in response.text
    response = post(client, "/track", {"reference": "RTC-2026-ABCDEF", "email": "nope"})
    assert "Enter an email address in the correct format" in response.text


def test_track_is_rate_limited(app, client):
    app.config["TRACK_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            post(
                client, "/track", {"reference": "RTC-2026-ABCDEF", "email": "a@b.example"}
            ).status_code
            for _ in range(5)
        ]
    finally:
        app.config["TRACK_RATE_LIMIT"] = "10000 per minute"
    assert 429 in statuses


def test_the_register_shows_bodies_services_and_decisions_but_no_contact_details(
    app, client, session, make_service
):
    submit(app.test_client(), make_service(), partners=[PARTNER])
    page = client.get("/right-to-challenge/register")
    assert page.status_code == 200
    assert "Friends of Hollinsby Library" in page.text
    assert "Hollinsby community library" in page.text
    assert "Received" in page.text
    for private in ("Ruth Adeyemi", "ruth@hollinsbyfriends.example", "Chair of trustees"):
        assert private not in page.text


def test_the_register_query_count_does_not_grow_with_rows(app, client, make_service, count_queries):
    service = make_service()
    public = app.test_client()
    submit(public, service)
    few = count_queries(lambda: client.get("/right-to-challenge/register")).count
    for _ in range(4):
        submit(public, service)
    many = count_queries(lambda: client.get("/right-to-challenge/register")).count
    assert many == few


def test_the_copy_is_immutable_after_decisions(app, client, session, make_service, sign_in):
    reference = submit(app.test_client(), make_service())
    eoi = session.scalar(select(ExpressionOfInterest))
    before = eoi.copy_html
    sign_in("commissioner")
    post(client, f"/inbox/{reference}/challenge/accept", {"reasons": "Good plan"})
    session.expire_all()
    assert session.scalar(select(ExpressionOfInterest)).copy_html == before
