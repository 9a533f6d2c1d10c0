"""The young people's version: age band, one question a page, no personal
data, help on every page, safeguarding screening."""

from datetime import date

from sqlalchemy import func, select

from app.consultations.models import ConsultationResponse, SafeguardingPhrase
from app.consultations.safeguarding import matches, next_working_day
from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem
from tests.conftest import csrf_token
from tests.consultations.conftest import question_ids

CHILDLINE = "https://www.childline.org.uk/"


def post(client, url, data):
    page = client.get(url)
    assert CHILDLINE in page.text, f"no Childline link on {url}"
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data})


def respond_as_young_person(client, consultation, free_text="I like reading on Saturdays"):
    base = f"/consultations/{consultation.slug}/young-people"
    q = question_ids(consultation)
    start = client.get(base).text
    assert "Please do not write your name" in start
    for asked in ("email", "address", "school"):
        assert f'name="{asked}"' not in start
    assert post(client, base, {"age_band": "11_13"}).headers["Location"] == f"{base}/questions/1"
    answers = [
        {q["scale"]: "agree"},
        {},
        {},
        {},
        {q["yes_no"]: "no"},
        {q["free_text"]: free_text},
    ]
    for number, data in enumerate(answers, 1):
        sent = post(client, f"{base}/questions/{number}", data)
        assert sent.status_code == 302, sent.text
    check = client.get(f"{base}/check")
    assert CHILDLINE in check.text
    key = check.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    done = client.post(
        f"{base}/check", data={"csrf_token": csrf_token(check.text), "submission_key": key}
    )
    assert done.headers["Location"] == f"{base}/confirmation"
    return base


def test_a_young_person_answers_one_question_a_page_in_plain_words(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/young-people"
    post(client, base, {"age_band": "14_15"})
    page = client.get(f"{base}/questions/1").text
    assert "Do you like the new library times?" in page
    assert "I really agree" in page  # picture choices keep their words
    assert "app-choice-picture" in page
    assert "Which library do you use most?" not in page  # one question a page
    assert "Question 1 of 6" in page


def test_a_young_persons_response_reaches_the_inbox_without_anything_that_identifies_them(
    client, session, make_consultation
):
    consultation = make_consultation()
    base = respond_as_young_person(client, consultation)
    done = client.get(f"{base}/confirmation")
    assert CHILDLINE in done.text
    response = session.scalar(select(ConsultationResponse))
    assert response.reference.startswith("CYP-")
    assert response.reference in done.text
    assert response.version == "young_people"
    assert response.age_band == "11_13"
    assert response.name is None
    assert response.email is None
    assert response.respondent_type is None
    item = session.scalar(select(InboxItem))
    assert item.kind == "young_people_response"
    assert item.submitter_name is None
    assert item.submitter_email is None
    assert item.safeguarding is False
    assert "11 to 13" in item.body_text
    assert session.scalar(select(func.count(OutboxMessage.id))) == 0
    columns = {c.name for c in ConsultationResponse.__table__.columns}
    assert not {"ip_address", "remote_addr", "user_agent"} & columns


def test_an_age_band_is_required(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/young-people"
    refused = post(client, base, {"age_band": "18_plus"})
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    assert CHILDLINE in refused.text


def test_no_young_peoples_version_means_not_found(client, make_consultation):
    consultation = make_consultation(young_people_version=False)
    assert client.get(f"/consultations/{consultation.slug}/young-people").status_code == 404
    page = client.get(f"/consultations/{consultation.slug}").text
    assert "young-people" not in page


def test_a_safeguarding_phrase_flags_the_item_as_urgent_and_tells_the_lead_without_the_words(
    app, client, session, make_consultation
):
    session.add(SafeguardingPhrase(phrase="hurts me"))
    session.commit()
    consultation = make_consultation()
    respond_as_young_person(
        client, consultation, free_text="My  step-dad HURTS me when the library is shut"
    )
    item = session.scalar(select(InboxItem))
    assert item.safeguarding is True
    assert item.urgent is True
    assert item.due_on is not None
    assert item.due_on.weekday() < 5
    email = session.scalar(select(OutboxMessage))
    assert email.to_address == app.config["COUNCIL_EMAIL"]
    assert item.reference in email.body_text
    assert "step-dad" not in email.body_text
    assert "hurts" not in email.body_text.lower()
    response = session.scalar(select(ConsultationResponse))
    assert response.safeguarding is True


def test_adult_free_text_is_screened_too(client, session, make_consultation):
    from tests.consultations.test_respond import answer_everything, submit

    session.add(SafeguardingPhrase(phrase="saturday mornings"))
    session.commit()
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    submit(client, base)
    assert session.scalar(select(InboxItem)).safeguarding is True


def test_phrases_match_whole_words_whatever_the_case_and_apostrophes():
    assert matches("I don’t feel SAFE at home", ["don't feel safe"])
    assert not matches("Thurston library", ["hurts"])
    assert matches("it hurts.", ["hurts"])


def test_the_next_working_day_skips_the_weekend():
    assert next_working_day(date(2026, 11, 20)) == date(2026, 11, 23)  # Friday -> Monday
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 24)
