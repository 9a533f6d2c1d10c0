"""An adult responds page by page; the response lands in the inbox once."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.consultations.models import ConsultationAnswer, ConsultationResponse, ResponseDraft
from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem
from tests.conftest import csrf_token
from tests.consultations.conftest import question_ids


def post(client, url, data):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data})


def answer_everything(client, consultation, about=None, equality=None):
    base = f"/consultations/{consultation.slug}/respond"
    q = question_ids(consultation)
    about = about or {
        "respondent_type": "individual",
        "name": "Priya Shah",
        "email": "Priya@example.com",
    }
    assert post(client, base, about).headers["Location"] == f"{base}/questions/1"
    response = post(
        client,
        f"{base}/questions/1",
        {q["scale"]: "agree", q["single"]: "Hollinsby"},
    )
    assert response.headers["Location"] == f"{base}/questions/2"
    response = client.post(
        f"{base}/questions/2",
        data={
            "csrf_token": csrf_token(client.get(f"{base}/questions/2").text),
            q["multiple"]: ["Weekday evenings", "Saturdays"],
            q["ranking"]: ["2", "1", "3"],
        },
    )
    assert response.headers["Location"] == f"{base}/questions/3"
    response = post(
        client,
        f"{base}/questions/3",
        {q["yes_no"]: "yes", q["free_text"]: "Please keep Saturday mornings."},
    )
    if about["respondent_type"] == "organisation":
        # Equality questions are about a person: an organisation goes straight on.
        assert response.headers["Location"] == f"{base}/check"
        return base
    assert response.headers["Location"] == f"{base}/equality"
    if equality is not None:
        sent = post(client, f"{base}/equality", equality)
        assert sent.headers["Location"] == f"{base}/check"
    return base


def submit(client, base):
    page = client.get(f"{base}/check")
    key = page.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(page.text), "submission_key": key}
    return client.post(f"{base}/check", data=data), data


def test_an_adult_responds_and_the_response_reaches_the_inbox_with_an_acknowledgement(
    client, session, make_consultation
):
    consultation = make_consultation()
    base = answer_everything(client, consultation)

    check = client.get(f"{base}/check").text
    assert "Check your answers" in check
    assert "Priya Shah" in check
    assert "priya@example.com" in check
    assert "Agree" in check
    assert "Weekday evenings; Saturdays" in check
    assert "1. Computers; 2. Books; 3. Events" in check
    assert f"{base}/questions/2?change=1" in check

    sent, _data = submit(client, base)
    assert sent.headers["Location"] == f"{base}/confirmation"
    done = client.get(f"{base}/confirmation").text
    response = session.scalar(select(ConsultationResponse))
    assert response.reference.startswith("CON-")
    assert response.reference in done
    assert response.respondent_type == "individual"
    assert len(response.answers) == 6

    item = session.scalar(select(InboxItem).where(InboxItem.reference == response.reference))
    assert item.kind == "consultation_response"
    assert item.submitter_email == "priya@example.com"
    assert "Please keep Saturday mornings." in item.body_text
    assert item.service_area_id == consultation.service_area_id
    email = session.scalar(select(OutboxMessage))
    assert email.to_address == "priya@example.com"
    assert response.reference in email.subject
    assert session.scalar(select(func.count(ResponseDraft.id))) == 0


def test_back_and_change_links_keep_the_answers(client, make_consultation):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    q = question_ids(consultation)
    page_one = client.get(f"{base}/questions/1").text
    assert 'value="agree" checked' in page_one
    assert f'href="{base}"' in page_one  # back to "about you"
    about = client.get(base).text
    assert 'value="Priya Shah"' in about

    changed = post(client, f"{base}/questions/1?change=1", {q["scale"]: "disagree"})
    assert changed.headers["Location"] == f"{base}/check"
    check = client.get(f"{base}/check").text
    assert "Disagree" in check
    assert "Hollinsby" not in check  # left blank on change


def test_an_organisation_must_be_named(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    refused = post(client, base, {"respondent_type": "organisation"})
    assert refused.status_code == 400
    assert "Enter the name of the organisation" in refused.text
    assert "There is a problem" in refused.text
    accepted = post(
        client, base, {"respondent_type": "organisation", "organisation_name": "Elmsworth Readers"}
    )
    assert accepted.status_code == 302


def test_required_questions_and_bad_answers_are_refused_with_clear_messages(
    client, make_consultation
):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    q = question_ids(consultation)
    post(client, base, {"respondent_type": "individual"})
    missing = post(client, f"{base}/questions/1", {})
    assert missing.status_code == 400
    assert "Select an answer" in missing.text
    assert f'href="#{q["scale"]}"' in missing.text
    tampered = post(client, f"{base}/questions/1", {q["scale"]: "maybe", q["single"]: "Mars"})
    assert tampered.status_code == 400
    assert "Select one of the options" in tampered.text
    post(client, f"{base}/questions/1", {q["scale"]: "agree"})
    bad_rank = client.post(
        f"{base}/questions/2",
        data={
            "csrf_token": csrf_token(client.get(f"{base}/questions/2").text),
            q["ranking"]: ["1", "1", "x"],
        },
    )
    assert bad_rank.status_code == 400
    assert "Give every option a rank" in bad_rank.text


def test_an_answer_over_the_length_limit_is_refused_and_kept_on_the_page(client, make_consultation):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    q = question_ids(consultation)
    too_long = "word " * 200
    refused = post(client, f"{base}/questions/3", {q["free_text"]: too_long})
    assert refused.status_code == 400
    assert "500 characters or fewer" in refused.text
    assert "word word word" in refused.text


def test_an_oversized_request_gets_a_friendly_page_not_a_crash(app, client, make_consultation):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(f"{base}/questions/3", data={"anything": huge})
    assert response.status_code == 413


def test_two_clicks_on_send_make_one_response(client, session, make_consultation):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    first, data = submit(client, base)
    second = client.post(f"{base}/check", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == f"{base}/confirmation"
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 1
    assert session.scalar(select(func.count(InboxItem.id))) == 1
    assert session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_a_response_sent_after_closing_is_refused_and_nothing_is_kept(
    client, session, make_consultation
):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    page = client.get(f"{base}/check")
    key = page.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    # The form was loaded while open; the consultation closes before it is sent.
    consultation.closes_at = utcnow() - timedelta(seconds=1)
    session.commit()
    refused = client.post(
        f"{base}/check", data={"csrf_token": csrf_token(page.text), "submission_key": key}
    )
    assert refused.status_code == 409
    assert "This consultation has closed" in refused.text
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 0
    assert session.scalar(select(func.count(ConsultationAnswer.id))) == 0
    assert session.scalar(select(func.count(InboxItem.id))) == 0
    assert session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_a_failure_while_filing_leaves_nothing_behind(
    client, session, make_consultation, monkeypatch
):
    import app.consultations.responding as responding

    consultation = make_consultation()
    base = answer_everything(client, consultation)

    def broken(*args, **kwargs):
        raise RuntimeError("mail template missing")

    monkeypatch.setattr(responding, "queue_email", broken)
    failed, _data = submit(client, base)
    assert failed.status_code == 500
    session.rollback()
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 0
    assert session.scalar(select(func.count(InboxItem.id))) == 0
    assert session.scalar(select(func.count(ResponseDraft.id))) == 1  # answers not lost


def test_skipping_ahead_goes_back_to_the_start(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    assert client.get(f"{base}/questions/2").headers["Location"] == base
    assert client.get(f"{base}/check").headers["Location"] == base
    assert client.get(f"{base}/questions/99").status_code in (302, 404)
    assert client.get(f"{base}/confirmation").status_code == 302


def test_a_forged_submission_key_is_refused(client, session, make_consultation):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    page = client.get(f"{base}/check")
    refused = client.post(
        f"{base}/check", data={"csrf_token": csrf_token(page.text), "submission_key": "forged"}
    )
    assert refused.status_code == 400
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 0


def test_sending_without_a_csrf_token_is_refused(client, session, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    assert client.post(base, data={"respondent_type": "individual"}).status_code == 400


def test_equality_answers_are_optional_and_kept_apart_from_the_response(
    client, session, make_consultation
):
    from app.consultations.models import EqualityMonitoring

    consultation = make_consultation()
    base = answer_everything(client, consultation)
    page = client.get(f"{base}/equality").text
    assert page.count("Prefer not to say") == 8
    assert f'href="{base}/check"' in page  # skip link
    refused = post(client, f"{base}/equality", {"sex": "sometimes"})
    assert refused.status_code == 400
    sent = post(client, f"{base}/equality", {"sex": "female", "carer": "prefer_not"})
    assert sent.headers["Location"] == f"{base}/check"
    check = client.get(f"{base}/check").text
    assert "Female" in check
    assert f"{base}/equality" in check
    submit(client, base)
    record = session.scalar(select(EqualityMonitoring))
    assert record.sex == "female"
    assert record.carer == "prefer_not"
    assert record.ethnicity is None
    columns = {c.name for c in EqualityMonitoring.__table__.columns}
    assert not {"response_id", "reference", "submitted_at", "created_at"} & columns
    response = session.scalar(select(ConsultationResponse))
    assert "Female" not in session.get(InboxItem, response.inbox_item_id).body_text


def test_skipping_equality_monitoring_stores_nothing_for_it(client, session, make_consultation):
    from app.consultations.models import EqualityMonitoring

    consultation = make_consultation()
    submit(client, answer_everything(client, consultation))
    assert session.scalar(select(func.count(EqualityMonitoring.id))) == 0
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 1


def test_an_organisation_is_never_asked_personal_equality_questions(
    client, session, make_consultation
):
    from app.consultations.models import EqualityMonitoring

    consultation = make_consultation()
    # First as themselves, answering the equality questions...
    base = answer_everything(client, consultation, equality={"sex": "female"})
    # ...then they change to answering for their organisation.
    changed = post(
        client,
        f"{base}?change=1",
        {"respondent_type": "organisation", "organisation_name": "Hollinsby Youth Trust"},
    )
    assert changed.headers["Location"] == f"{base}/check"
    check = client.get(f"{base}/check").text
    assert "Equality monitoring" not in check
    assert "Female" not in check
    assert client.get(f"{base}/equality").headers["Location"] == f"{base}/check"
    submit(client, base)
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 1
    assert session.scalar(select(func.count(EqualityMonitoring.id))) == 0


def test_a_choice_answer_that_is_not_an_option_key_is_refused_before_it_is_stored(
    session, make_consultation
):
    # Welsh and English answers are counted together by option key; an option
    # stored whole ({"key", "en", "cy"}) or by its label would fall out of the
    # figures, so the service refuses it and keeps nothing.
    from app.consultations.models import ConsultationResponse
    from app.consultations.responding import save_to_draft, start_draft, submit_response
    from app.core.offline import offline_request_context

    consultation = make_consultation()
    by_kind = {q.kind: q for q in consultation.questions}
    single = by_kind["single"]
    for wrong in (single.options[0], "Canolog", [single.options[0]["key"]]):
        draft, _token = start_draft(session, consultation, "adult")
        save_to_draft(
            draft,
            about={"respondent_type": "individual", "name": "A", "email": "a@example.org"},
            answers={
                str(by_kind["scale"].id): "agree",
                str(single.id): wrong,
                str(by_kind["free_text"].id): "Saturday openings, please.",
            },
        )
        with offline_request_context(), pytest.raises(ValueError, match="option keys"):
            submit_response(session, consultation, draft, locale="en")
    session.rollback()
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 0
