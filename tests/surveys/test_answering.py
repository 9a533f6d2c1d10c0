"""Answering the survey through the invitation link and the open link: one
question a page, skipping what does not apply, saving to finish later,
check your answers, and sending exactly once while the wave is open."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.core.db import utcnow
from app.inbox.models import InboxItem
from app.surveys.models import (
    IN_PROGRESS,
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from tests.conftest import csrf_token
from tests.surveys.answering_fixtures import *  # noqa: F403  (fixtures)
from tests.surveys.answering_fixtures import emails_to, invite, link_in

FIRST_CHOICES = {"bid": ["yes"], "relationship": ["4"], "what_change": ["Pay invoices on time"]}


def _path(response) -> str:
    return urlsplit(response.headers["Location"]).path + (
        "?" + urlsplit(response.headers["Location"]).query
        if urlsplit(response.headers["Location"]).query
        else ""
    )


def answer_page(client, path: str, values: list[str], **extra):
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf_token": csrf_token(page.text), "answer": values, **extra})


def answer_all(client, start: str, answers: dict | None = None, identify: str = "no"):
    """Follow the pages from `start` to the check page, answering each
    question with `answers[code]` or its first choice."""
    answers = {**FIRST_CHOICES, **(answers or {})}
    seen = []
    path = start
    while path.startswith("/survey/question/"):
        code = path.split("/")[3].split("?")[0]
        seen.append(code)
        page = client.get(path)
        values = answers.get(code)
        if values is None:
            import re

            match = re.search(r'name="answer" type="(?:radio|checkbox)" value="([^"]+)"', page.text)
            values = [match.group(1)] if match else ["Some words"]
        sent = client.post(path, data={"csrf_token": csrf_token(page.text), "answer": values})
        assert sent.status_code == 302, sent.text
        path = _path(sent)
    assert path.startswith("/survey/identify"), path
    page = client.get(path)
    sent = client.post(path, data={"csrf_token": csrf_token(page.text), "may_identify": identify})
    assert sent.status_code == 302
    assert _path(sent) == "/survey/check"
    return seen


def send(client):
    page = client.get("/survey/check")
    assert page.status_code == 200, page.text
    key = page.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    return client.post(
        "/survey/check", data={"csrf_token": csrf_token(page.text), "submission_key": key}
    )


def _invited(session, make_org, open_wave, email="ama@larder.example", name="Riverside Larder"):
    make_org(name, email)
    invite(session, open_wave)
    return link_in(emails_to(session, email)[0])


def _answers_to(question):
    return (
        select(func.count())
        .select_from(SurveyAnswer)
        .where(SurveyAnswer.question_id == question.id)
    )


def _responses(session) -> int:
    return session.scalar(select(func.count()).select_from(SurveyResponse))


def test_the_survey_page_explains_and_shows_the_open_wave(client, open_wave):
    page = client.get("/survey/")
    assert page.status_code == 200
    assert "about 10 minutes" in page.text
    assert "only as totals" in page.text
    assert "/survey/start" in page.text
    assert 'href="/survey/results"' in page.text
    assert "It closes on" in page.text


def test_with_no_open_wave_the_page_says_when_the_next_opens(client, session):
    from app.surveys.waves import create_wave

    now = utcnow()
    create_wave(session, now + timedelta(days=30), now + timedelta(days=58), confirmed=True)
    session.commit()
    page = client.get("/survey/")
    assert "The next one opens on" in page.text
    assert "/survey/start" not in page.text
    assert "The survey is not open" in client.get("/survey/start").text


def test_an_invited_organisation_answers_once_and_anonymously(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    entered = client.get(link)
    assert _path(entered) == "/survey/question/org_type"
    seen = answer_all(client, "/survey/question/org_type")
    assert "bid_barriers" not in seen  # they bid, so were not asked why not

    check = client.get("/survey/check")
    assert "Check your answers" in check.text
    assert "Riverside Larder" in check.text
    sent = send(client)
    assert _path(sent) == "/survey/confirmation"
    done = client.get("/survey/confirmation")
    assert "Answers sent" in done.text
    assert "SRV-" in done.text

    response = session.scalar(select(SurveyResponse))
    assert response.state == SUBMITTED
    assert response.org_type == "charity"
    assert response.income_band == "under_10k"
    invitation = session.scalar(select(SurveyInvitation))
    assert invitation.responded_at is not None
    item = session.get(InboxItem, response.inbox_item_id)
    assert item.kind == "survey_response"
    assert item.reference.startswith("SRV-")
    assert item.submitter_name == "Anonymous organisation"
    assert item.submitter_email is None
    assert "Riverside Larder" not in item.subject + item.body_text
    assert "Overall, how good is your relationship with the council?\n4 – good" in item.body_text
    # The organisation's contacts get a receipt.
    assert "Thank you" in emails_to(session, "ama@larder.example")[-1].subject

    # The same link again: already answered, with the date; nothing new is made.
    again = client.get(link)
    assert again.status_code == 200
    assert "You have already answered this survey" in again.text
    assert _responses(session) == 1
    # Even a fresh browser cannot start a second response.
    client.delete_cookie("session", domain="localhost")
    assert "You have already answered" in client.get(link).text
    assert _responses(session) == 1


def test_staff_see_the_organisation_only_when_it_agreed(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_all(client, "/survey/question/org_type", identify="yes")
    send(client)
    item = session.scalar(select(InboxItem))
    assert item.submitter_name == "Riverside Larder"
    assert item.submitter_email == "ama@larder.example"


def test_two_clicks_on_send_make_one_response(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_all(client, "/survey/question/org_type")
    page = client.get("/survey/check")
    data = {
        "csrf_token": csrf_token(page.text),
        "submission_key": page.text.split('name="submission_key" type="hidden" value="')[1].split(
            '"'
        )[0],
    }
    first = client.post("/survey/check", data=data)
    second = client.post("/survey/check", data=data)
    assert _path(first) == _path(second) == "/survey/confirmation"
    assert session.scalar(select(func.count()).select_from(InboxItem)) == 1


def test_barriers_are_asked_only_of_those_who_did_not_bid_and_dropped_when_that_changes(
    client, session, make_org, open_wave
):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    seen = answer_all(
        client,
        "/survey/question/org_type",
        {"bid": ["no"], "bid_barriers": ["timescales", "payment_terms"]},
    )
    assert "bid_barriers" in seen
    barriers = next(q for q in open_wave.questions if q.code == "bid_barriers")
    assert (
        session.scalar(
            select(func.count())
            .select_from(SurveyAnswer)
            .where(SurveyAnswer.question_id == barriers.id)
        )
        == 2
    )

    # Changing "bid" to yes from the check page drops the barriers' answers.
    changed = answer_page(client, "/survey/question/bid?change=1", ["yes"])
    assert _path(changed) == "/survey/check"
    assert (
        session.scalar(
            select(func.count())
            .select_from(SurveyAnswer)
            .where(SurveyAnswer.question_id == barriers.id)
        )
        == 0
    )
    assert "What stopped you bidding?" not in client.get("/survey/check").text
    # A question that no longer applies sends the visitor on.
    assert client.get("/survey/question/bid_barriers").status_code == 302

    # And back to "no": the newly applicable question is asked before the check page.
    changed = answer_page(client, "/survey/question/bid?change=1", ["considered"])
    assert _path(changed) == "/survey/question/bid_barriers?change=1"


def test_required_questions_give_a_clear_error(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    page = client.get("/survey/question/org_type")
    missing = client.post("/survey/question/org_type", data={"csrf_token": csrf_token(page.text)})
    assert missing.status_code == 400
    assert "govuk-error-summary" in missing.text
    assert "Select an answer" in missing.text
    assert 'href="#answer"' in missing.text
    tampered = client.post(
        "/survey/question/org_type",
        data={"csrf_token": csrf_token(page.text), "answer": "not-a-key"},
    )
    assert tampered.status_code == 400
    # Nothing was saved.
    assert session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0
    # The check page cannot be reached with a required answer missing.
    assert _path(client.get("/survey/check")) == "/survey/question/org_type"


def test_free_text_is_limited_to_its_length(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    question = next(q for q in open_wave.questions if q.kind == TEXT)
    path = f"/survey/question/{question.code}"
    too_long = answer_page(client, path, ["x" * (question.max_length + 1)])
    assert too_long.status_code == 400
    assert "must be 2,000 characters or fewer" in too_long.text


def test_an_invited_organisation_saves_and_resumes_through_its_link(
    client, session, make_org, open_wave
):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_page(client, "/survey/question/org_type", ["cic"])
    saved = answer_page(client, "/survey/question/income_band", ["10k_100k"], save_for_later="1")
    assert saved.status_code == 200
    assert "Your answers are saved" in saved.text
    assert "invitation email" in saved.text
    response = session.scalar(select(SurveyResponse))
    assert response.state == IN_PROGRESS

    client.delete_cookie("session", domain="localhost")
    resumed = client.get(link)
    assert _path(resumed) == "/survey/question/paid_staff"
    assert 'value="cic" checked' in client.get("/survey/question/org_type").text


def test_an_open_link_group_gets_a_resume_link_by_email(client, session, open_wave):
    page = client.get("/survey/start")
    started = client.post(
        "/survey/start",
        data={
            "csrf_token": csrf_token(page.text),
            "organisation_name": "Marsh Lane Allotments",
            "email": "Chair@Marsh.example",
        },
    )
    assert _path(started) == "/survey/question/org_type"
    answer_page(client, "/survey/question/org_type", ["community_group"])
    saved = answer_page(client, "/survey/question/income_band", [], save_for_later="1")
    assert "We have emailed you a link" in saved.text
    message = emails_to(session, "chair@marsh.example")[-1]
    resume = link_in(message, "resume")

    client.delete_cookie("session", domain="localhost")
    assert _path(client.get(resume)) == "/survey/question/income_band"
    answer_all(client, "/survey/question/income_band")
    send(client)
    response = session.scalar(select(SurveyResponse))
    assert response.supplier_id is None
    assert response.organisation_name == "Marsh Lane Allotments"
    assert "Thank you" in emails_to(session, "chair@marsh.example")[-1].subject
    # After sending, the resume link says so.
    client.delete_cookie("session", domain="localhost")
    assert "You have already answered" in client.get(resume).text


def test_an_open_link_group_without_email_is_shown_its_link(client, session, open_wave):
    page = client.get("/survey/start")
    client.post(
        "/survey/start",
        data={"csrf_token": csrf_token(page.text), "organisation_name": "Friends of the Park"},
    )
    saved = answer_page(client, "/survey/question/org_type", ["other"], save_for_later="1")
    assert "Keep this link" in saved.text
    link = saved.text.split('app-break-words"><a class="govuk-link" href="')[1].split('"')[0]
    client.delete_cookie("session", domain="localhost")
    assert _path(client.get(urlsplit(link).path)) == "/survey/question/income_band"


def test_a_registered_organisation_on_the_open_link_is_sent_to_its_invitation(
    client, session, make_org, open_wave
):
    _invited(session, make_org, open_wave)
    make_org("Not Invited Ltd", "boss@notinvited.example", vcse=False)
    invite(session, open_wave)
    for name, email in (
        ("riverside larder ", ""),
        ("A different name", "AMA@larder.example"),
    ):
        page = client.get("/survey/start")
        pointed = client.post(
            "/survey/start",
            data={"csrf_token": csrf_token(page.text), "organisation_name": name, "email": email},
        )
        assert pointed.status_code == 200
        assert "Use your organisation’s own link" in pointed.text
    assert _responses(session) == 0
    # Anyone else goes ahead, registered or not, and learns nothing more.
    page = client.get("/survey/start")
    went = client.post(
        "/survey/start",
        data={
            "csrf_token": csrf_token(page.text),
            "organisation_name": "Not Invited Ltd",
            "email": "boss@notinvited.example",
        },
    )
    assert went.status_code == 302
    assert _responses(session) == 1


def test_the_open_link_asks_for_a_name(client, open_wave):
    page = client.get("/survey/start")
    missing = client.post(
        "/survey/start", data={"csrf_token": csrf_token(page.text), "email": "not-an-email"}
    )
    assert missing.status_code == 400
    assert "Enter the name of your group or organisation" in missing.text
    assert "Enter an email address in the correct format" in missing.text


def test_sending_after_the_wave_closes_is_refused_and_nothing_changes(
    client, session, make_org, open_wave
):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_all(client, "/survey/question/org_type")
    page = client.get("/survey/check")
    key = page.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    open_wave.closes_at = utcnow() - timedelta(minutes=1)
    session.commit()

    refused = client.post(
        "/survey/check", data={"csrf_token": csrf_token(page.text), "submission_key": key}
    )
    assert refused.status_code == 409
    assert "This survey has closed" in refused.text
    session.expire_all()
    assert session.scalar(select(SurveyResponse)).state == IN_PROGRESS
    assert session.scalar(select(func.count()).select_from(InboxItem)) == 0
    # Answers cannot be saved either, and the link says the survey has closed.
    page = client.get("/survey/question/org_type")
    assert "This survey has closed" in page.text
    assert "This survey has closed" in client.get(link).text


def test_submit_service_refuses_a_closed_wave(app, session, make_org, open_wave):
    import pytest

    from app.surveys.answering import SurveyClosedError, response_for_invitation, submit

    make_org("Riverside Larder", "ama@larder.example")
    invite(session, open_wave)
    invitation = session.scalar(select(SurveyInvitation))
    response = response_for_invitation(session, invitation)
    session.commit()
    with app.test_request_context("/"), pytest.raises(SurveyClosedError):
        submit(session, response, now=open_wave.closes_at + timedelta(seconds=1))


def test_a_link_that_does_not_exist(client, open_wave):
    assert client.get("/survey/i/nothing-here").status_code == 404
    assert client.get("/survey/resume/nothing-here").status_code == 404


def test_questions_are_asked_in_welsh(client, session, make_org, open_wave):
    link = _invited(session, make_org, open_wave)
    client.set_cookie("language", "cy", domain="localhost")
    client.get(link)
    page = client.get("/survey/question/relationship")
    relationship = next(q for q in open_wave.questions if q.code == "relationship")
    assert relationship.text_cy in page.text
    assert '<div lang="en">' not in page.text


def test_a_question_page_makes_the_same_number_of_queries_however_many_questions(
    client, session, make_org, open_wave, count_queries
):
    from app.surveys.managing import add_question

    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_page(client, "/survey/question/org_type", ["cic"])

    def load():
        assert client.get("/survey/question/income_band").status_code == 200

    few = count_queries(load).count

    # Twenty more questions, each answered.
    response = session.scalar(select(SurveyResponse))
    opens, open_wave.opens_at = open_wave.opens_at, utcnow() + timedelta(days=1)
    session.commit()
    for n in range(20):
        question = add_question(
            session,
            open_wave,
            {"kind": "multiple", "text": f"Extra {n}?", "choices": [("A", ""), ("B", "")]},
        )
        session.add_all(
            SurveyAnswer(response_id=response.id, question_id=question.id, choice=key)
            for key in ("a", "b")
        )
    open_wave.opens_at = opens
    session.commit()
    many = count_queries(load).count
    assert many == few


def test_staff_read_the_response_in_the_inbox(client, session, make_org, open_wave, sign_in):
    link = _invited(session, make_org, open_wave)
    client.get(link)
    answer_all(client, "/survey/question/org_type")
    send(client)
    reference = session.scalar(select(InboxItem.reference))
    sign_in("viewer")
    page = client.get(f"/inbox/{reference}")
    assert page.status_code == 200
    assert "Anonymous organisation" in page.text
    assert "Riverside Larder" not in page.text
    assert f"/admin/surveys/{open_wave.id}" in page.text
    assert "Pay invoices on time" in page.text


def test_answers_are_rate_limited(app, client, open_wave):
    app.config["SURVEY_RATE_LIMIT"] = "2 per minute"
    try:
        statuses = []
        for _ in range(4):
            page = client.get("/survey/start")
            statuses.append(
                client.post(
                    "/survey/start",
                    data={"csrf_token": csrf_token(page.text), "organisation_name": "Busy Group"},
                ).status_code
            )
    finally:
        app.config["SURVEY_RATE_LIMIT"] = "10000 per minute"
    assert statuses[:2] == [302, 302]
    assert 429 in statuses[2:]


def test_a_question_written_only_in_english_is_marked_as_english(
    client, session, make_org, open_wave
):
    from app.surveys.managing import add_question

    opens, open_wave.opens_at = open_wave.opens_at, utcnow() + timedelta(days=1)
    session.commit()
    extra = add_question(session, open_wave, {"kind": "text", "text": "Anything else?"})
    open_wave.opens_at = opens
    session.commit()
    link = _invited(session, make_org, open_wave)
    client.set_cookie("language", "cy", domain="localhost")
    client.get(link)
    page = client.get(f"/survey/question/{extra.code}")
    # Only the question is marked: the form's own words around it are Welsh.
    assert '<span lang="en">Anything else?</span>' in page.text
    assert page.text.count("app-welsh-note") == 1
    assert '<div lang="en">' not in page.text
