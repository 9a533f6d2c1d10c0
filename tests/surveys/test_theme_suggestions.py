"""Suggested themes for the survey's free text: accepting one adds it to each
answer's own survey themes (the results page filters by them) and tags the
inbox item; only staff who may change the survey decide."""

from __future__ import annotations

from sqlalchemy import select

from app.core.themes import services
from app.core.themes.models import READY, ThemeSuggestionRun
from app.inbox.models import InboxItem
from app.inbox.services import file_submission
from app.surveys.models import SurveyAnswer, SurveyResponse
from tests.conftest import csrf_token
from tests.consultations.theme_builders import SUBJECTS
from tests.surveys.results_builders import closed_wave, respond


def _wave_with_text(session):
    wave = closed_wave(session)
    n = 0
    for subject, texts in SUBJECTS.items():
        for i in range(10):
            response = respond(
                session, wave, {"org_type": "charity", "what_change": f"{texts[i % 3]} ({subject})"}
            )
            item = file_submission(session, kind="survey_response", subject=f"Survey {n}")
            response.inbox_item_id = item.id
            n += 1
    session.commit()
    question = next(q for q in wave.questions if q.code == "what_change")
    return wave, question


def test_accepting_a_survey_theme_tags_the_answers_and_their_inbox_items(
    app, client, session, sign_in
):
    wave, question = _wave_with_text(session)
    sign_in("commissioner")
    url = f"/admin/surveys/{wave.id}/questions/{question.id}/themes"
    results = client.get(f"/admin/surveys/{wave.id}/results").text
    assert url in results
    page = client.get(url)
    assert page.status_code == 200
    client.post(url + "/suggest", data={"csrf_token": csrf_token(page.text)})
    (run,) = session.scalars(select(ThemeSuggestionRun)).all()
    assert (run.source, run.requested_count) == ("survey", 30)
    assert services.compute(run.id) == READY
    session.refresh(run)
    theme = next(t for t in run.themes if "library" in t.words)
    chosen = {i for i, s in theme.answer_shares().items() if s >= 0.4}
    page = client.get(url)
    response = client.post(
        url + "/decide",
        data={
            "csrf_token": csrf_token(page.text),
            "theme": theme.id,
            "action": "accept",
            f"theme-{theme.id}-name": "Library hours",
            f"theme-{theme.id}-threshold": "0.4",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    tagged = {a.id for a in session.scalars(select(SurveyAnswer)) if "Library hours" in a.themes}
    assert tagged == chosen
    responses = {a.response_id for a in session.scalars(select(SurveyAnswer)) if a.id in chosen}
    items = {r.inbox_item_id for r in session.scalars(select(SurveyResponse)) if r.id in responses}
    in_inbox = {
        i.id
        for i in session.scalars(select(InboxItem))
        if "library hours" in {t.name for t in i.tags}
    }
    assert in_inbox == items
    filtered = client.get(f"/admin/surveys/{wave.id}/results?theme=Library+hours").text
    assert "Library hours" in filtered


def test_a_viewer_reads_the_survey_suggestions_but_cannot_decide(app, client, session, sign_in):
    wave, question = _wave_with_text(session)
    run = ThemeSuggestionRun(source="survey", question_id=question.id)
    session.add(run)
    session.commit()
    services.compute(run.id)
    sign_in("viewer")
    url = f"/admin/surveys/{wave.id}/questions/{question.id}/themes"
    page = client.get(url)
    assert page.status_code == 200
    assert "Top words:" in page.text
    assert "Accept and tag answers" not in page.text
    assert (
        client.post(url + "/suggest", data={"csrf_token": csrf_token(page.text)}).status_code == 403
    )
