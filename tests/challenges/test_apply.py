"""The expression-of-interest form: each step, the refusals the law
requires, check-your-answers and what sending it produces."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import JSON, String, cast, func, literal, select, update

from app.challenges.models import ChallengeDraft, ExpressionOfInterest
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem
from tests.challenges.conftest import BODY, PARTNER, fill_to_check, post, start, submit


def test_a_charity_with_a_partner_sends_an_eoi_and_gets_a_reference_copy_and_email(
    client, session, make_service
):
    service = make_service(window="open")
    reference = submit(client, service, partners=[PARTNER])
    assert reference.startswith("RTC-")

    page = client.get(f"/right-to-challenge/apply/sent/{reference}")
    assert page.status_code == 200
    assert reference in page.text
    assert "ruth@hollinsbyfriends.example" in page.text

    eoi = session.scalar(select(ExpressionOfInterest))
    assert eoi.reference == reference
    assert eoi.answers["partners"][0]["name"] == "Coldwater Print Ltd"
    assert eoi.copy_sha256 == hashlib.sha256(eoi.copy_html.encode()).hexdigest()
    # The 30 days run from the window's close, as the body was told.
    assert eoi.notify_by == service.windows[0].closes_on.fromordinal(
        service.windows[0].closes_on.toordinal() + 30
    )

    item = session.scalar(select(InboxItem).where(InboxItem.reference == reference))
    assert item.kind == "challenge"
    assert item.status == "received"
    assert item.due_on == eoi.notify_by
    assert "Coldwater Print Ltd" in item.body_text

    email = session.scalar(select(OutboxMessage).where(OutboxMessage.reference == reference))
    assert email.to_address == "ruth@hollinsbyfriends.example"
    assert reference in email.subject
    # Nothing of the draft is left behind.
    assert session.scalar(select(func.count()).select_from(ChallengeDraft)) == 0

    copy = client.get(f"/right-to-challenge/apply/sent/{reference}/copy.html")
    assert copy.status_code == 200
    assert copy.headers["Content-Disposition"] == f'attachment; filename="{reference}.html"'
    assert "Prints the library" in copy.text
    assert copy.text == eoi.copy_html


def test_the_copy_is_only_for_whoever_sent_it(app, client, make_service):
    reference = submit(client, make_service())
    stranger = app.test_client()
    assert stranger.get(f"/right-to-challenge/apply/sent/{reference}/copy.html").status_code == 404
    assert stranger.get(f"/right-to-challenge/apply/sent/{reference}").status_code == 404


def test_two_employees_answer_the_employee_engagement_step(client, session, make_service):
    service = make_service()
    body = {"body_name": "Depot staff group", "body_type": "employees", "registration_number": ""}
    reference = submit(client, service, body=body)
    eoi = session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.reference == reference)
    )
    assert eoi.body_type == "employees"
    assert "open meetings" in eoi.answers["engagement"]


def test_other_bodies_never_see_the_employee_step(client, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/body", BODY)
    assert client.get("/right-to-challenge/apply/employees").status_code == 404


def test_an_excluded_service_is_refused_with_its_reason(client, make_service):
    service = make_service(
        name="Community mental health rehabilitation",
        exclusion_code="complex_needs",
        exclusion_reason="Jointly commissioned with the NHS integrated care board.",
    )
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": str(service.id), "area": "Whole borough"},
    )
    assert response.status_code == 400
    assert "excluded from the right to challenge" in response.text
    assert "Jointly commissioned with the NHS" in response.text


def test_a_service_outside_its_window_is_refused_with_the_next_window(client, make_service):
    service = make_service(window="future")
    window = service.windows[0]
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": str(service.id), "area": "Whole borough"},
    )
    assert response.status_code == 400
    assert "not being taken now" in response.text
    assert f"{window.opens_on.day} " in response.text
    assert str(window.opens_on.year) in response.text


def test_a_service_whose_windows_have_all_closed_is_refused(client, make_service):
    service = make_service(window="past")
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": str(service.id), "area": "Whole borough"},
    )
    assert response.status_code == 400
    assert "no new window has been set" in response.text


def test_every_step_refuses_missing_answers(client, make_service):
    service = make_service()
    start(client)
    expected = {
        "body": ["Enter the name of your organisation or group", "Select what kind of body it is"],
        "contact": ["Enter your full name", "Enter your role", "Enter your email address"],
        "service": ["Select the service you want to run", "Enter the part of the borough"],
        "finance": ["Enter your body’s financial resources"],
        "capability": ["Enter how you will be able to run", "Enter who would deliver"],
        "outcomes": ["Enter the outcomes", "Enter how the outcomes would improve"],
        "users": ["Enter how you would meet the needs"],
    }
    for slug, messages in expected.items():
        response = post(client, f"/right-to-challenge/apply/{slug}", {})
        assert response.status_code == 400, slug
        assert "There is a problem" in response.text
        for message in messages:
            assert message in response.text, (slug, message)
    assert service.id


def test_bad_answers_are_refused_with_clear_errors(client, make_service):
    make_service()
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/contact",
        {"contact_name": "Ruth", "contact_role": "Chair", "contact_email": "not an email"},
    )
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.text
    response = post(
        client, "/right-to-challenge/apply/finance", {"financial_resources": "x" * 10001}
    )
    assert response.status_code == 400
    assert "Use 10,000 characters or fewer" in response.text
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": "99999", "area": "Anywhere"},
    )
    assert response.status_code == 400
    assert "Select one of the options" in response.text
    response = post(
        client, "/right-to-challenge/apply/body", {"body_name": "X", "body_type": "club"}
    )
    assert response.status_code == 400


def test_a_partner_needs_its_financial_resources_and_capability(client, make_service):
    make_service()
    start(client)
    response = post(client, "/right-to-challenge/apply/partners/add", {"name": "Partner Ltd"})
    assert response.status_code == 400
    assert "Select whether it is a consortium member or subcontractor" in response.text
    assert "Enter its financial resources" in response.text
    assert "Enter how it will be able to help run the service" in response.text


def test_partners_can_be_added_and_removed(client, session, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/partners/add", PARTNER)
    post(
        client,
        "/right-to-challenge/apply/partners/add",
        {**PARTNER, "name": "Elm Trust", "role": "consortium"},
    )
    page = client.get("/right-to-challenge/apply/partners")
    assert "Coldwater Print Ltd" in page.text
    assert "Elm Trust" in page.text
    post(
        client,
        "/right-to-challenge/apply/partners/0/remove",
        {},
        form_url="/right-to-challenge/apply/partners",
    )
    names = [p["name"] for p in session.scalar(select(ChallengeDraft)).answers["partners"]]
    assert names == ["Elm Trust"]


def test_check_your_answers_shows_everything_and_needs_the_declaration(client, make_service):
    service = make_service()
    fill_to_check(client, service, partners=[PARTNER])
    page = client.get("/right-to-challenge/apply/check")
    for text in (
        "Friends of Hollinsby Library",
        "Ruth Adeyemi",
        "Hollinsby community library",
        "Reserves of £42,000",
        "Coldwater Print Ltd",
        "Step-free access",
    ):
        assert text in page.text
    response = post(client, "/right-to-challenge/apply/check", {})
    assert response.status_code == 400
    assert "Confirm the declaration" in response.text


def test_check_sends_an_unfinished_draft_back_to_the_missing_step(client, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/body", BODY)
    response = client.get("/right-to-challenge/apply/check")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/right-to-challenge/apply/contact")


def test_after_check_a_change_returns_to_check(client, make_service):
    service = make_service()
    fill_to_check(client, service)
    client.get("/right-to-challenge/apply/check")
    response = post(
        client, "/right-to-challenge/apply/finance", {"financial_resources": "More money"}
    )
    assert response.headers["Location"].endswith("/right-to-challenge/apply/check")


def test_a_window_that_closes_before_sending_refuses_it_and_keeps_the_answers(
    client, session, make_service
):
    service = make_service(window="open")
    fill_to_check(client, service)
    service.windows[0].closes_on = service.windows[0].opens_on
    session.commit()
    response = post(client, "/right-to-challenge/apply/check", {"declaration": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/right-to-challenge/apply/service")
    assert session.scalar(select(func.count()).select_from(ExpressionOfInterest)) == 0
    assert session.scalar(select(func.count()).select_from(InboxItem)) == 0
    assert session.scalar(select(ChallengeDraft)).answers["body_name"]


def test_steps_without_a_draft_send_the_visitor_to_the_start(client):
    response = client.get("/right-to-challenge/apply/finance")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/right-to-challenge/apply")
    assert client.get("/right-to-challenge/apply/nonsense").status_code in (302, 404)


def test_forms_refuse_a_post_without_its_csrf_token(client, make_service):
    make_service()
    start(client)
    response = client.post("/right-to-challenge/apply/body", data=BODY)
    assert response.status_code == 400
    assert client.post("/right-to-challenge/apply", data={}).status_code == 400


def test_the_form_is_rate_limited(app, client, make_service):
    make_service()
    app.config["CHALLENGE_FORM_RATE_LIMIT"] = "2 per minute"
    try:
        statuses = [post(client, "/right-to-challenge/apply", {}).status_code for _ in range(4)]
    finally:
        app.config["CHALLENGE_FORM_RATE_LIMIT"] = "10000 per minute"
    assert statuses[:2] == [302, 302]
    assert 429 in statuses[2:]


def test_control_characters_typed_or_pasted_into_the_form_never_stop_it_being_sent(
    client, session, make_service
):
    """A NUL (which PostgreSQL refuses) is dropped and Word's manual line
    break becomes a newline, before any step stores its answers."""
    service = make_service()
    body = {**BODY, "body_name": "Friends of\x00 Hollinsby Library\x01"}
    fill_to_check(
        client, service, body=body, partners=[{**PARTNER, "capability": "Print\x0bDesign"}]
    )
    response = post(client, "/right-to-challenge/apply/check", {"declaration": "y"})
    assert response.status_code == 302, response.text

    eoi = session.scalar(select(ExpressionOfInterest))
    assert eoi.body_name == "Friends of Hollinsby Library"
    assert eoi.answers["partners"][0]["capability"] == "Print\nDesign"
    assert "\x00" not in eoi.copy_html


def test_a_draft_stored_holding_a_nul_can_still_be_sent(client, session, make_service):
    """Drafts saved before text was cleaned on the way in may hold one."""
    fill_to_check(client, make_service())
    draft = session.scalar(select(ChallengeDraft))
    answers = json.dumps({**draft.answers, "body_name": "Friends of\x00 Hollinsby Library"})
    # Written as text, past the JSON type's own serialiser, as an old row was.
    raw = literal(answers, String)
    if session.get_bind().dialect.name == "postgresql":
        raw = cast(raw, JSON)
    session.execute(update(ChallengeDraft).where(ChallengeDraft.id == draft.id).values(answers=raw))
    session.commit()

    response = post(client, "/right-to-challenge/apply/check", {"declaration": "y"})
    assert response.status_code == 302, response.text
    eoi = session.scalar(select(ExpressionOfInterest))
    assert eoi.body_name == "Friends of Hollinsby Library"
