"""'You said, we did' is published only after a wave closes; the public
results page shows published waves and the trends of their core
questions, with every count under five suppressed and no free text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.surveys import counts_cache
from app.surveys.models import SurveyWave
from tests.conftest import csrf_token, post_form
from tests.surveys.results_builders import closed_wave, open_wave, respond


def _save(client, wave, you_said="You told us deadlines were short.", we_did="We gave longer."):
    return post_form(
        client,
        f"/admin/surveys/{wave.id}/summary",
        {"you_said": you_said, "we_did": we_did},
    )


def _publish(client, wave, action="publish"):
    page = client.get(f"/admin/surveys/{wave.id}/summary")
    return client.post(
        f"/admin/surveys/{wave.id}/summary/{action}",
        data={"csrf_token": csrf_token(page.text)},
    )


def test_a_summary_cannot_be_published_before_the_wave_closes(client, sign_in, session):
    wave = open_wave(session)
    sign_in("commissioner")
    assert _save(client, wave).status_code == 302
    page = client.get(f"/admin/surveys/{wave.id}/summary").text
    assert "you can publish it only after the wave closes" in page
    assert "/summary/publish" not in page

    response = _publish(client, wave)
    assert response.status_code == 302
    assert "once the wave has closed" in client.get(response.headers["Location"]).text
    session.expire_all()
    assert session.get(SurveyWave, wave.id).summary_published_at is None


def test_a_summary_is_published_after_close_and_can_be_unpublished(client, sign_in, session):
    wave = closed_wave(session)
    respond(session, wave, {"org_type": "charity"})
    sign_in("commissioner")
    response = _save(
        client,
        wave,
        you_said="<p>Deadlines were <strong>too short</strong>.</p><script>alert(1)</script>",
        we_did="We now give four weeks.\n\nAnd we pay in 20 days.",
    )
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(SurveyWave, wave.id)
    assert stored.you_said == "<p>Deadlines were <strong>too short</strong>.</p>"
    assert stored.summary_published_at is None
    assert wave.title not in client.get("/survey/results").text

    assert _publish(client, wave).status_code == 302
    session.expire_all()
    assert session.get(SurveyWave, wave.id).summary_published_at is not None
    public = client.get("/survey/results").text
    assert wave.title in public
    assert "<strong>too short</strong>" in public
    assert "alert(1)" not in public
    assert '<p class="govuk-body">We now give four weeks.</p>' in public
    assert client.get(f"/survey/results/{wave.slug}").status_code == 200

    assert _publish(client, wave, "unpublish").status_code == 302
    session.expire_all()
    assert session.get(SurveyWave, wave.id).summary_published_at is None
    assert wave.title not in client.get("/survey/results").text
    assert client.get(f"/survey/results/{wave.slug}").status_code == 404
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"survey.summary", "survey.summary_publish", "survey.summary_unpublish"} <= actions


def test_publishing_needs_both_parts(client, sign_in, session):
    wave = closed_wave(session)
    sign_in("commissioner")
    response = _publish(client, wave)
    assert (
        "Write and save both parts before you publish."
        in client.get(response.headers["Location"]).text
    )
    session.expire_all()
    assert session.get(SurveyWave, wave.id).summary_published_at is None


def test_an_empty_summary_shows_errors(client, sign_in, session):
    wave = closed_wave(session)
    sign_in("commissioner")
    response = _save(client, wave, you_said="", we_did="")
    assert response.status_code == 400
    assert "Enter what organisations told you" in response.text
    assert "Enter what the council did" in response.text


@pytest.mark.parametrize("role", ["viewer"])
def test_viewers_cannot_write_or_publish(client, sign_in, session, role):
    wave = closed_wave(session)
    sign_in(role)
    assert client.get(f"/admin/surveys/{wave.id}/summary").status_code == 403
    page = client.get(f"/admin/surveys/{wave.id}/results")
    response = client.post(
        f"/admin/surveys/{wave.id}/summary/publish", data={"csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 403


# ---------------------------------------------------------------- the public page


def _published(session, wave):
    wave.you_said, wave.we_did = "You said things.", "We did things."
    from app.core.db import utcnow

    wave.summary_published_at = utcnow()
    session.commit()
    return wave


@pytest.fixture
def public_wave(session):
    """Nine responses: 'no' to bid 5 times, 'yes' 4 times; 'considered' never.
    Only 3 answer the training question; 'not_aware' of the forward plan is
    chosen by exactly one."""
    wave = closed_wave(session)
    answers = []
    for index in range(9):
        given = {
            "org_type": "charity",
            "bid": "no" if index < 5 else "yes",
            "relationship": 4 if index < 6 else 2,
            "forward_plan": "not_aware" if index == 0 else ("aware" if index < 5 else "used"),
            "what_change": f"Secret comment {index}",
        }
        if index < 3:
            given["training_support"] = "enough"
        answers.append(given)
        respond(session, wave, given, organisation_name=f"Named Group {index}", may_identify=True)
    return _published(session, wave)


def _public_rows(page, code):
    return {
        row["data-option"]: [td.get_text(strip=True) for td in row.select("td")]
        for row in page.select(f"#table-{code} tbody tr")
    }


def test_the_public_wave_page_hides_every_count_under_five(client, public_wave):
    response = client.get(f"/survey/results/{public_wave.slug}")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")

    bid = _public_rows(page, "bid")
    # 5 is shown; 4 and 0 are not, nor their percentages.
    assert bid["no"] == ["5", "55.6%"]
    assert bid["yes"] == ["fewer than 5", "fewer than 5"]
    assert bid["considered"] == ["fewer than 5", "fewer than 5"]

    plan = _public_rows(page, "forward_plan")
    assert set(map(tuple, plan.values())) == {("fewer than 5", "fewer than 5")}

    # Three answers in all: nothing but a note.
    training = page.select_one("#question-training_support")
    assert "Fewer than 5 organisations answered this question" in training.text
    assert training.select("table") == []

    # The rating split is 6 to 3, so the share rating 4 or 5 is withheld.
    rating = page.select_one("#question-relationship").get_text(" ", strip=True)
    assert "Rated 4 or 5: fewer than 5." in rating

    for number in ("1", "2", "3", "4"):
        assert not re.search(rf">\s*{number}\s*<", "".join(str(t) for t in page.select("td")))
    assert "Secret comment" not in response.text
    assert "Named Group" not in response.text
    assert "Organisations that answered: 9." in response.text


def test_the_public_page_lists_published_waves_with_trends(client, session, public_wave):
    older = _published(session, closed_wave(session, months_ago=8))
    for _index in range(6):
        respond(session, older, {"org_type": "cic", "bid": "no", "relationship": 3})
    unpublished = closed_wave(session, months_ago=1)
    for _index in range(7):
        respond(session, unpublished, {"org_type": "cic", "bid": "yes"})
    still_open = open_wave(session)
    respond(session, still_open, {"org_type": "cic", "bid": "yes"})

    response = client.get("/survey/results")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    headings = [h.get_text(strip=True) for h in page.select(".app-survey-wave h2")]
    assert headings == [public_wave.title, older.title]
    assert [th["data-wave"] for th in page.select("#trend-table-bid thead th[data-wave]")] == [
        older.slug,
        public_wave.slug,
    ]
    cells = {
        row["data-row"]: [td.get_text(strip=True) for td in row.select("td")]
        for row in page.select("#trend-table-bid tbody tr")
    }
    assert cells["answered"] == ["6", "9"]
    assert cells["no"] == ["100% (6)", "55.6% (5)"]
    assert cells["yes"] == ["fewer than 5", "fewer than 5"]
    assert "Secret comment" not in response.text
    assert "Named Group" not in response.text
    assert unpublished.slug not in response.text


def test_a_small_wave_shows_fewer_than_five_responses(client, session):
    wave = closed_wave(session)
    for _index in range(4):
        respond(session, wave, {"org_type": "charity", "bid": "no"})
    _published(session, wave)
    page = client.get("/survey/results").text
    assert "Fewer than 5 organisations answered." in page
    assert "answered: 4" not in page


def test_the_public_page_works_with_nothing_published(client, session):
    response = client.get("/survey/results")
    assert response.status_code == 200
    assert "We have not published the results of a survey yet." in response.text


def test_the_public_page_is_in_welsh(client, public_wave):
    client.set_cookie("language", "cy")
    response = client.get(f"/survey/results/{public_wave.slug}")
    assert response.status_code == 200
    assert public_wave.questions[0].text_cy in response.text


def test_a_lone_hidden_count_takes_the_next_smallest_with_it():
    from app.surveys.disclosure import hidden_cells

    # 20 answers: 10, 7 and 3. Showing 10 and 7 would give the 3 away.
    assert hidden_cells([10, 7, 3], exclusive=True, suppress=True) == {1, 2}
    # Where several options may be chosen, the total gives nothing away.
    assert hidden_cells([10, 7, 3], exclusive=False, suppress=True) == {2}
    assert hidden_cells([10, 7, 5], exclusive=True, suppress=True) == set()
    assert hidden_cells([10, 7, 3], exclusive=True, suppress=False) == set()


def test_the_public_pages_cost_the_same_queries_however_many_waves(client, session, count_queries):
    def published_wave(months_ago):
        wave = _published(session, closed_wave(session, months_ago=months_ago))
        for _index in range(6):
            respond(session, wave, {"org_type": "cic", "bid": "no", "relationship": 3})
        return wave

    def cold(url):
        counts_cache.clear()
        return client.get(url)

    first = published_wave(2)
    client.get("/survey/results")
    few = count_queries(lambda: cold("/survey/results")).count
    one = count_queries(lambda: cold(f"/survey/results/{first.slug}")).count
    for months in (8, 14, 20):
        published_wave(months)
    for _index in range(10):
        respond(session, first, {"org_type": "charity", "bid": "yes", "relationship": 5})
    assert count_queries(lambda: cold("/survey/results")).count == few
    assert count_queries(lambda: cold(f"/survey/results/{first.slug}")).count == one


def test_cached_results_change_as_soon_as_a_summary_is_published_or_withdrawn(app, client, session):
    from app.surveys.publication import publish_summary, save_summary, unpublish_summary

    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        wave = closed_wave(session)
        save_summary(session, wave, "You said the forms were long.", "We cut them by half.")
        session.commit()
        assert "We cut them by half." not in client.get("/survey/results").text

        publish_summary(session, wave)
        session.commit()
        assert "We cut them by half." in client.get("/survey/results").text
        assert "We cut them by half." in client.get("/survey/results").text

        save_summary(session, wave, "You said the forms were long.", "We cut them by two thirds.")
        session.commit()
        assert "We cut them by two thirds." in client.get("/survey/results").text

        unpublish_summary(session, wave)
        session.commit()
        assert "We cut them by two thirds." not in client.get("/survey/results").text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False
