"""The survey belongs to the whole council: every member of staff reads every
wave, its results and downloads, but only administrators and staff with no
service-area limit change it. Limited commissioners are refused, and their
pages show no buttons to change it but say who can."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.core.db import utcnow
from app.surveys.models import SurveyAnswer, SurveyWave
from app.surveys.waves import create_wave
from tests.conftest import csrf_token
from tests.surveys.results_builders import closed_wave, respond

WHO_CAN_CHANGE = "only administrators and staff who work across every service area can change it"


@pytest.fixture
def waves(session):
    """A proposed wave, not yet confirmed, and a closed one whose "You said,
    we did" is published and which holds a piece of free text."""
    now = utcnow()
    proposed = create_wave(
        session, now + timedelta(days=30), now + timedelta(days=58), confirmed=False
    )
    closed = closed_wave(session)
    closed.you_said, closed.we_did = "You said things.", "We did things."
    closed.summary_published_at = now
    response = respond(session, closed, {"org_type": "charity", "what_change": "Pay on time."})
    session.commit()
    answer = next(answer for answer in response.answers if answer.text)
    return {"proposed": proposed, "closed": closed, "answer": answer}


def _sign_in(sign_in, session, role, limited_to=None):
    user = sign_in(role)
    if limited_to is not None:
        user.service_areas = [limited_to]
        session.commit()
    return user


def _post(client, url, data=None):
    page = client.get("/admin/surveys/")
    return client.post(url, data={"csrf_token": csrf_token(page.text), **(data or {})})


def test_a_commissioner_limited_to_an_area_reads_the_survey_but_cannot_change_it(
    client, sign_in, session, area, waves
):
    _sign_in(sign_in, session, "commissioner", limited_to=area)
    proposed, closed, answer = waves["proposed"], waves["closed"], waves["answer"]
    for url in (
        "/admin/surveys/",
        f"/admin/surveys/{proposed.id}",
        f"/admin/surveys/{closed.id}/results",
        f"/admin/surveys/{closed.id}/results.csv",
        "/admin/surveys/trends",
    ):
        assert client.get(url).status_code == 200, url

    for url in (
        "/admin/surveys/new",
        f"/admin/surveys/{proposed.id}/edit",
        f"/admin/surveys/{proposed.id}/questions/new",
        f"/admin/surveys/{closed.id}/summary",
    ):
        assert client.get(url).status_code == 403, url

    assert _post(client, "/admin/surveys/propose").status_code == 403
    assert _post(client, f"/admin/surveys/{proposed.id}/confirm").status_code == 403
    assert _post(client, f"/admin/surveys/{closed.id}/summary/unpublish").status_code == 403
    themed = _post(
        client,
        f"/admin/surveys/{closed.id}/answers/{answer.id}/themes",
        {"themes": "late payment"},
    )
    assert themed.status_code == 403

    session.expire_all()
    assert session.scalar(select(func.count()).select_from(SurveyWave)) == 2
    assert session.get(SurveyWave, proposed.id).confirmed is False
    assert session.get(SurveyWave, closed.id).summary_published_at is not None
    assert session.get(SurveyAnswer, answer.id).themes == []


@pytest.mark.parametrize(
    ("role", "limited"),
    [("administrator", True), ("commissioner", False)],
    ids=["administrator limited to an area", "commissioner with no area limit"],
)
def test_administrators_and_staff_with_no_area_limit_change_the_survey(
    client, sign_in, session, area, waves, role, limited
):
    _sign_in(sign_in, session, role, limited_to=area if limited else None)
    proposed, closed, answer = waves["proposed"], waves["closed"], waves["answer"]
    assert client.get(f"/admin/surveys/{closed.id}/summary").status_code == 200
    assert _post(client, f"/admin/surveys/{proposed.id}/confirm").status_code == 302
    assert _post(client, f"/admin/surveys/{closed.id}/summary/unpublish").status_code == 302
    themed = _post(
        client,
        f"/admin/surveys/{closed.id}/answers/{answer.id}/themes",
        {"themes": "late payment"},
    )
    assert themed.status_code == 302

    session.expire_all()
    assert session.get(SurveyWave, proposed.id).confirmed is True
    assert session.get(SurveyWave, closed.id).summary_published_at is None
    assert session.get(SurveyAnswer, answer.id).themes == ["late payment"]


def _change_controls(client, waves) -> dict[str, bool]:
    """Which ways to change the survey each page offers, and whether it says who can."""
    proposed, closed = waves["proposed"], waves["closed"]
    index = client.get("/admin/surveys/").text
    show = client.get(f"/admin/surveys/{proposed.id}").text
    results = client.get(f"/admin/surveys/{closed.id}/results").text
    show_page = BeautifulSoup(show, "html.parser")
    return {
        "propose": "Propose the next wave" in index,
        "confirm": "Confirm this wave" in show,
        "change dates": "Change dates and titles" in show,
        "change wording": "Change wording" in show,
        "remove question": bool(show_page.select("form[action$='/remove']")),
        "add question": "Add a question for this wave" in show,
        "tag themes": "Tag themes" in results,
        "you said, we did": f"/admin/surveys/{closed.id}/summary" in results,
        "says who can change": all(WHO_CAN_CHANGE in page for page in (index, show, results)),
    }


def test_limited_commissioners_see_no_buttons_to_change_the_survey_and_are_told_who_can(
    client, sign_in, session, area, waves
):
    _sign_in(sign_in, session, "commissioner", limited_to=area)
    controls = _change_controls(client, waves)
    assert controls.pop("says who can change") is True
    assert not any(controls.values()), controls


@pytest.mark.parametrize(
    ("role", "limited"),
    [("administrator", True), ("commissioner", False)],
    ids=["administrator limited to an area", "commissioner with no area limit"],
)
def test_staff_who_may_change_the_survey_see_its_buttons(
    client, sign_in, session, area, waves, role, limited
):
    # The proposed wave has a question of its own, so it can be removed.
    from app.surveys.managing import add_question

    add_question(
        session,
        waves["proposed"],
        {"kind": "text", "text": "Anything else?", "text_cy": "", "required": False},
    )
    session.commit()
    _sign_in(sign_in, session, role, limited_to=area if limited else None)
    controls = _change_controls(client, waves)
    assert controls.pop("says who can change") is False
    assert all(controls.values()), controls


def test_a_question_is_found_only_under_its_own_wave(client, sign_in, session, waves):
    from app.surveys.managing import add_question
    from app.surveys.models import SurveyQuestion

    proposed, closed = waves["proposed"], waves["closed"]
    question = add_question(
        session, proposed, {"kind": "text", "text": "Anything else?", "required": False}
    )
    session.commit()
    sign_in("commissioner")
    elsewhere = f"/admin/surveys/{closed.id}/questions/{question.id}"
    assert client.get(f"{elsewhere}/edit").status_code == 404
    assert _post(client, f"{elsewhere}/remove").status_code == 404
    session.expire_all()
    assert session.get(SurveyQuestion, question.id) is not None
