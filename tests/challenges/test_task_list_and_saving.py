"""The expression of interest has a task list showing which sections are
done, and "save and come back later" keeps what is on the page first."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.challenges.models import ChallengeDraft
from tests.challenges.conftest import BODY, CONTACT, post, start
from tests.conftest import csrf_token


def _states(client) -> dict[str, str]:
    page = client.get("/right-to-challenge/apply/tasks")
    assert page.status_code == 200
    found = re.findall(
        r'data-state="([a-z_]+)">\s*<div class="govuk-task-list__name-and-hint">\s*'
        r'<a [^>]*href="/right-to-challenge/apply/([a-z]+)"',
        page.text,
    )
    return {slug: state for state, slug in found}


def _save_step(client, slug: str, data: dict):
    url = f"/right-to-challenge/apply/{slug}"
    page = client.get(url)
    return client.post(
        url, data={"csrf_token": csrf_token(page.text), "save_for_later": "yes", **data}
    )


def test_the_task_list_shows_what_is_done(client, make_service):
    make_service()
    start(client)
    states = _states(client)
    assert states["body"] == "not_started"
    assert states["documents"] == "optional"
    assert "employees" not in states
    post(client, "/right-to-challenge/apply/body", BODY)
    states = _states(client)
    assert states["body"] == "completed"
    assert states["contact"] == "not_started"
    page = client.get("/right-to-challenge/apply/tasks").text
    assert "You have completed 2 of 9 sections." in page
    assert 'data-state="cannot_start"' in page
    assert 'href="/right-to-challenge/apply/check"' not in page


def test_save_and_come_back_later_keeps_an_unfinished_step_first(client, session, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/body", BODY)
    # Half the contact step, with an email address not finished yet.
    typed = {"contact_name": "Ruth Adeyemi", "contact_role": "", "contact_email": "Ruth@Holl"}
    saved = _save_step(client, "contact", typed)
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/right-to-challenge/apply/save")
    draft = session.scalar(select(ChallengeDraft))
    session.refresh(draft)
    assert draft.answers["contact_name"] == "Ruth Adeyemi"
    assert draft.answers["contact_email"] == "ruth@holl"
    # The email link page offers the address as typed so far, and the step
    # shows what was typed when they come back.
    page = client.get("/right-to-challenge/apply/contact").text
    assert 'value="Ruth Adeyemi"' in page
    assert 'value="ruth@holl"' in page
    # An unfinished step is in progress, not done, and blocks sending.
    assert _states(client)["contact"] == "in_progress"
    response = client.get("/right-to-challenge/apply/check")
    assert response.headers["Location"].endswith("/right-to-challenge/apply/contact")


def test_finishing_a_saved_step_marks_it_done(client, session, make_service):
    make_service()
    start(client)
    post(client, "/right-to-challenge/apply/body", BODY)
    _save_step(client, "contact", {"contact_name": "Ruth"})
    assert _states(client)["contact"] == "in_progress"
    response = post(client, "/right-to-challenge/apply/contact", CONTACT)
    assert response.status_code == 302
    assert _states(client)["contact"] == "completed"


def test_a_valid_step_saved_for_later_is_done(client, make_service):
    make_service()
    start(client)
    saved = _save_step(client, "body", BODY)
    assert saved.headers["Location"].endswith("/right-to-challenge/apply/save")
    assert _states(client)["body"] == "completed"


def test_saving_for_later_without_a_csrf_token_saves_nothing(client, session, make_service):
    make_service()
    start(client)
    response = client.post(
        "/right-to-challenge/apply/body",
        data={"save_for_later": "yes", "body_name": "Sneaky"},
    )
    assert response.status_code == 400
    draft = session.scalar(select(ChallengeDraft))
    session.refresh(draft)
    assert "body_name" not in draft.answers


def test_the_task_list_needs_a_draft(client):
    response = client.get("/right-to-challenge/apply/tasks")
    assert response.status_code == 302
