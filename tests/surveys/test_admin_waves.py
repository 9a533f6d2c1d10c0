"""Staff run waves: propose and confirm them, adjust dates, titles and
questions until a wave opens (never after), and send invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.surveys.models import SurveyQuestion, SurveyWave
from app.surveys.waves import create_wave
from tests.conftest import post_form
from tests.surveys.answering_fixtures import *  # noqa: F403  (fixtures)
from tests.surveys.answering_fixtures import emails_to


def _future_wave(session, confirmed=False):
    now = utcnow()
    wave = create_wave(
        session, now + timedelta(days=30), now + timedelta(days=58), confirmed=confirmed
    )
    session.commit()
    return wave


def _actions(session) -> list[str]:
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action.startswith("survey.")).order_by(AuditEvent.id)
    )
    return [event.action for event in events]


def test_the_first_wave_is_set_up_then_the_next_proposed(client, session, sign_in):
    sign_in("commissioner")
    page = client.get("/admin/surveys/")
    assert "No waves yet." in page.text
    assert "Set up the first wave" in page.text
    made = post_form(
        client,
        "/admin/surveys/new",
        {
            "title": "Spring 2027 survey",
            "title_cy": "Arolwg gwanwyn 2027",
            "opens": ["1", "3", "2027"],
            "closes": ["28", "3", "2027"],
        },
    )
    assert made.status_code == 302
    wave = session.scalar(select(SurveyWave))
    # Midnight in London, at the start of the first day and the end of the last.
    assert wave.opens_at == datetime(2027, 3, 1, 0, 0, tzinfo=UTC)
    assert wave.closes_at == datetime(2027, 3, 28, 23, 0, tzinfo=UTC)  # BST began on the 28th
    assert not wave.confirmed

    shown = client.get(made.headers["Location"])
    assert "Confirm this wave" in shown.text
    assert shown.text.count(">core<") == len(wave.questions)
    post_form(client, f"/admin/surveys/{wave.id}/confirm", {}, f"/admin/surveys/{wave.id}")
    session.expire_all()
    assert session.get(SurveyWave, wave.id).confirmed

    listed = client.get("/admin/surveys/")
    assert "Spring 2027 survey" in listed.text
    assert "Scheduled" in listed.text
    proposed = post_form(client, "/admin/surveys/propose", {}, "/admin/surveys/")
    assert proposed.status_code == 302
    waves = session.scalars(select(SurveyWave).order_by(SurveyWave.opens_at)).all()
    assert len(waves) == 2
    assert waves[1].opens_at.date().isoformat() == "2027-09-01"
    assert "Proposed" in client.get("/admin/surveys/").text
    assert _actions(session) == [
        "survey.wave_created",
        "survey.wave_confirmed",
        "survey.wave_proposed",
    ]


def test_dates_are_checked(client, session, sign_in):
    sign_in("commissioner")
    wave = _future_wave(session, confirmed=True)
    other = _future_wave(session)
    other.opens_at += timedelta(days=100)
    other.closes_at += timedelta(days=100)
    session.commit()
    opens = wave.opens_at.date()
    backwards = post_form(
        client,
        f"/admin/surveys/{other.id}/edit",
        {
            "title": "Later",
            "opens": [str(opens.day), str(opens.month), str(opens.year)],
            "closes": ["1", "1", str(opens.year - 1)],
        },
    )
    assert backwards.status_code == 400
    assert "must close on or after the day it opens" in backwards.text
    overlapping = post_form(
        client,
        f"/admin/surveys/{other.id}/edit",
        {
            "title": "Later",
            "opens": [str(opens.day), str(opens.month), str(opens.year)],
            "closes": [str(opens.day), str(opens.month), str(opens.year)],
        },
    )
    assert overlapping.status_code == 400
    assert "These dates overlap" in overlapping.text


def test_the_wording_of_a_core_question_changes_but_its_keys_do_not(client, session, sign_in):
    sign_in("commissioner")
    wave = _future_wave(session)
    question = next(q for q in wave.questions if q.code == "council_contact")
    url = f"/admin/surveys/{wave.id}/questions/{question.id}/edit"
    page = client.get(url)
    assert "trend charts will mark the change" in page.text
    keys = [c["key"] for c in question.choices]

    missing = post_form(
        client,
        url,
        {
            "text": "Have you spoken to commissioners since the last survey?",
            "choice-1-en": "",
            "choice-2-en": "No",
            "choice-3-en": "Not sure",
        },
    )
    assert missing.status_code == 400
    assert "Enter the answer in English" in missing.text

    saved = post_form(
        client,
        url,
        {
            "text": "Have you spoken to commissioners since the last survey?",
            "text_cy": "Ydych chi wedi siarad â chomisiynwyr?",
            "choice-1-en": "Yes, we have",
            "choice-1-cy": "Do",
            "choice-2-en": "No",
            "choice-3-en": "Not sure",
        },
    )
    assert saved.status_code == 302
    session.expire_all()
    question = session.get(SurveyQuestion, question.id)
    assert question.text == "Have you spoken to commissioners since the last survey?"
    assert [c["key"] for c in question.choices] == keys
    assert question.choices[0] == {"key": "yes", "en": "Yes, we have", "cy": "Do"}
    assert question.core
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.question_changed"))
    assert event.details["question"] == "council_contact"


def test_wave_specific_questions_are_added_and_removed(client, session, sign_in):
    sign_in("commissioner")
    wave = _future_wave(session)
    url = f"/admin/surveys/{wave.id}/questions/new"
    bad = post_form(
        client,
        url,
        {
            "text": "Which events did you come to?",
            "kind": "multiple",
            "required": "no",
            "choices_en": "Meet the buyer\nBid writing workshop",
            "choices_cy": "Cwrdd â’r prynwr",
        },
    )
    assert bad.status_code == 400
    assert "Give a Welsh answer for each English one" in bad.text
    no_text = post_form(client, url, {"kind": "text", "required": "no"})
    assert "Enter the question in English" in no_text.text

    added = post_form(
        client,
        url,
        {
            "text": "Which events did you come to?",
            "kind": "multiple",
            "required": "no",
            "choices_en": "Meet the buyer\nBid writing workshop",
        },
    )
    assert added.status_code == 302
    session.expire_all()
    wave = session.get(SurveyWave, wave.id)
    extra = wave.questions[-1]
    assert not extra.core
    assert extra.code == f"w{wave.id}_q1"
    assert [c["key"] for c in extra.choices] == ["meet_the_buyer", "bid_writing_workshop"]
    assert "this wave only" in client.get(f"/admin/surveys/{wave.id}").text

    core = wave.questions[0]
    core_code, extra_code = core.code, extra.code
    kept = post_form(
        client,
        f"/admin/surveys/{wave.id}/questions/{core.id}/remove",
        {},
        f"/admin/surveys/{wave.id}",
    )
    assert kept.status_code == 302
    removed = post_form(
        client,
        f"/admin/surveys/{wave.id}/questions/{extra.id}/remove",
        {},
        f"/admin/surveys/{wave.id}",
    )
    assert removed.status_code == 302
    session.expire_all()
    codes = [q.code for q in session.get(SurveyWave, wave.id).questions]
    assert core_code in codes
    assert extra_code not in codes
    assert "survey.question_removed" in _actions(session)


def test_nothing_about_questions_changes_once_a_wave_opens(
    client, session, sign_in, open_wave, make_org
):
    sign_in("commissioner")
    question = open_wave.questions[0]
    before = question.text
    page = client.get(f"/admin/surveys/{open_wave.id}")
    assert "its questions are fixed" in page.text
    assert "Change wording" not in page.text
    for url, data in (
        (f"/admin/surveys/{open_wave.id}/questions/{question.id}/edit", {"text": "New words?"}),
        (
            f"/admin/surveys/{open_wave.id}/questions/new",
            {"text": "More?", "kind": "text", "required": "no"},
        ),
        (f"/admin/surveys/{open_wave.id}/edit", {"title": "Renamed"}),
    ):
        refused = post_form(client, url, data, f"/admin/surveys/{open_wave.id}")
        assert refused.status_code == 302
    session.expire_all()
    wave = session.get(SurveyWave, open_wave.id)
    assert wave.questions[0].text == before
    assert len(wave.questions) == 14
    assert wave.title != "Renamed"

    # Invitations can be sent from the wave page while it is open.
    make_org("Riverside Larder", "ama@larder.example")
    sent = post_form(
        client, f"/admin/surveys/{open_wave.id}/invitations", {}, f"/admin/surveys/{open_wave.id}"
    )
    assert sent.status_code == 302
    assert len(emails_to(session, "ama@larder.example")) == 1
    assert "Invitations sent: 1." in client.get(f"/admin/surveys/{open_wave.id}").text


def test_viewers_read_but_do_not_change(client, session, sign_in):
    sign_in("viewer")
    wave = _future_wave(session)
    assert client.get("/admin/surveys/").status_code == 200
    page = client.get(f"/admin/surveys/{wave.id}")
    assert page.status_code == 200
    assert "Confirm this wave" not in page.text
    assert client.get(f"/admin/surveys/{wave.id}/edit").status_code == 403
    refused = post_form(client, f"/admin/surveys/{wave.id}/confirm", {}, "/admin/surveys/")
    assert refused.status_code == 403


def test_the_list_of_waves_makes_the_same_queries_however_many_waves(
    client, session, sign_in, count_queries
):
    sign_in("viewer")
    now = utcnow()
    create_wave(session, now - timedelta(days=400), now - timedelta(days=370), confirmed=True)
    session.commit()

    def load():
        assert client.get("/admin/surveys/").status_code == 200

    few = count_queries(load).count
    for n in range(6):
        start = now - timedelta(days=360 - n * 40)
        create_wave(session, start, start + timedelta(days=20), confirmed=True)
    session.commit()
    assert count_queries(load).count == few
