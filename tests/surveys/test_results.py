"""The staff results and trend pages show figures that match the stored
answers, filters work, only sent responses count, and organisations are
named only where they agreed to it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.surveys import counts_cache
from app.surveys.models import SUBMITTED, SurveyAnswer, SurveyResponse
from app.surveys.results import Filters, question_results
from app.surveys.waves import create_wave
from tests.conftest import csrf_token
from tests.surveys.results_builders import (
    IN_PROGRESS,
    NOW,
    closed_wave,
    invite,
    organisation,
    respond,
)


def pct(count: int, base: int) -> str:
    value = round(100 * count / base, 1) if base else 0.0
    return (f"{value:.1f}").rstrip("0").rstrip(".") + "%"


@pytest.fixture
def scenario(session):
    wave = closed_wave(session)
    alpha, bravo, charlie, delta = (
        organisation(session, name)
        for name in ("Alpha Trust", "Bravo Hidden Group", "Charlie CIC", "Delta Unfinished")
    )
    respond(
        session,
        wave,
        {
            "org_type": "charity",
            "income_band": "under_10k",
            "relationship": 5,
            "bid": "no",
            "bid_barriers": ["timescales", "payment_terms"],
            "support_needed": ["bid_writing"],
            "what_change": "Pay invoices on time.",
        },
        invitation=invite(session, wave, alpha),
        may_identify=True,
    )
    respond(
        session,
        wave,
        {
            "org_type": "charity",
            "income_band": "10k_100k",
            "relationship": 4,
            "bid": "yes",
            "support_needed": ["bid_writing", "digital"],
            "what_change": '=HYPERLINK("http://evil.example")',
        },
        invitation=invite(session, wave, bravo),
        may_identify=False,
    )
    respond(
        session,
        wave,
        {
            "org_type": "cic",
            "income_band": "10k_100k",
            "relationship": 2,
            "bid": "considered",
            "bid_barriers": ["timescales"],
        },
        invitation=invite(session, wave, charlie),
    )
    # Started but never sent: counts nowhere but "started but not sent".
    respond(
        session,
        wave,
        {"org_type": "charity", "relationship": 1, "bid": "no", "what_change": "Unsent words"},
        invitation=invite(session, wave, delta),
        may_identify=True,
        state=IN_PROGRESS,
    )
    respond(
        session,
        wave,
        {
            "org_type": "community_group",
            "income_band": "under_10k",
            "relationship": 3,
            "bid": "no",
            "bid_barriers": ["full_cost"],
            "what_change": "Give us longer deadlines.",
        },
        organisation_name="Echo Group",
        may_identify=True,
    )
    respond(
        session,
        wave,
        {"org_type": "charity", "income_band": "under_10k", "bid": "yes"},
        organisation_name="Foxtrot Secret",
        may_identify=False,
    )
    return wave


def expected_from_store(session, wave, org_type=None, income_band=None) -> dict:
    """Counts worked out the slow, obvious way from the stored rows."""
    responses = [
        r
        for r in session.scalars(select(SurveyResponse).where(SurveyResponse.wave_id == wave.id))
        if r.state == SUBMITTED
        and (org_type is None or r.org_type == org_type)
        and (income_band is None or r.income_band == income_band)
    ]
    ids = {r.id for r in responses}
    by_question = defaultdict(list)
    for answer in session.scalars(select(SurveyAnswer)):
        if answer.response_id in ids:
            by_question[answer.question_id].append(answer)
    expected = {"total": len(responses)}
    for question in wave.questions:
        answers = by_question[question.id]
        base = len({a.response_id for a in answers})
        if question.kind == "scale":
            counts = Counter(str(a.number) for a in answers)
            numbers = [a.number for a in answers]
            mean = sum(numbers) / len(numbers) if numbers else None
        else:
            counts = Counter(a.choice for a in answers)
            mean = None
        expected[question.code] = {"base": base, "counts": counts, "mean": mean}
    return expected


def table_rows(page: BeautifulSoup, code: str) -> dict[str, tuple[str, str]]:
    rows = {}
    for row in page.select(f"#table-{code} tbody tr"):
        cells = [td.get_text(strip=True) for td in row.select("td")]
        rows[row["data-option"]] = (cells[0], cells[1])
    return rows


def check_questions(page, wave, expected) -> None:
    for question in wave.questions:
        if question.kind == "text":
            continue
        figures = expected[question.code]
        rows = table_rows(page, question.code)
        keys = [c["key"] for c in question.choices]
        assert list(rows) == keys, question.code
        for key in keys:
            count = figures["counts"][key]
            assert rows[key] == (str(count), pct(count, figures["base"])), (question.code, key)
        if question.kind == "scale" and figures["mean"] is not None:
            good = figures["counts"]["4"] + figures["counts"]["5"]
            text = page.select_one(f"#mean-{question.code}").get_text(" ", strip=True)
            assert f"Average rating: {figures['mean']:.2f} out of 5." in text
            assert f"Rated 4 or 5: {pct(good, figures['base'])}." in text


def test_the_results_page_shows_what_was_stored(client, sign_in, session, scenario):
    sign_in("viewer")
    response = client.get(f"/admin/surveys/{scenario.id}/results")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")

    figures = {
        name: page.select_one(f"#figure-{name}").get_text(" ", strip=True)
        for name in ("invitations", "invited", "open-link", "total", "in-progress")
    }
    assert figures == {
        "invitations": "4",
        "invited": "3",
        "open-link": "2",
        "total": "5",
        "in-progress": "1",
    }
    assert page.select_one("#figure-rate").get_text(" ", strip=True).startswith("75%")
    assert "Responses: 5." in page.select_one("#filtered-total").text

    expected = expected_from_store(session, scenario)
    check_questions(page, scenario, expected)
    # The barriers were asked of the three who did not bid; their
    # percentages are of those three, not of all five.
    assert table_rows(page, "bid_barriers")["timescales"] == ("2", "66.7%")
    assert table_rows(page, "relationship")["5"] == ("1", "25%")
    # Every chart is hidden from screen readers: the table carries the figures.
    assert all(svg["aria-hidden"] == "true" for svg in page.select("svg.app-chart"))
    assert "Unsent words" not in response.text


@pytest.mark.parametrize(
    ("query", "org_type", "income_band", "total"),
    [
        ("org_type=charity", "charity", None, 3),
        ("income_band=under_10k", None, "under_10k", 3),
        ("org_type=charity&income_band=10k_100k", "charity", "10k_100k", 1),
    ],
)
def test_filters_narrow_every_figure(
    client, sign_in, session, scenario, query, org_type, income_band, total
):
    sign_in("viewer")
    page = BeautifulSoup(
        client.get(f"/admin/surveys/{scenario.id}/results?{query}").text, "html.parser"
    )
    assert f"Responses that match the filters: {total}." in page.select_one("#filtered-total").text
    check_questions(page, scenario, expected_from_store(session, scenario, org_type, income_band))
    # The summary figures are for the whole wave, whatever the filters.
    assert page.select_one("#figure-total").text.strip() == "5"


def test_an_unknown_filter_value_is_ignored(client, sign_in, scenario):
    sign_in("viewer")
    response = client.get(f"/admin/surveys/{scenario.id}/results?org_type=nonsense")
    assert response.status_code == 200
    assert "Responses: 5." in response.text


def test_organisations_are_named_only_where_they_agreed(client, sign_in, scenario):
    sign_in("viewer")
    page = BeautifulSoup(client.get(f"/admin/surveys/{scenario.id}/results").text, "html.parser")
    answers = {
        li.select_one(".app-submission").get_text(strip=True): li.select_one(
            ".app-organisation"
        ).get_text(strip=True)
        for li in page.select(".app-survey-answer")
    }
    assert answers == {
        "Pay invoices on time.": "Alpha Trust",
        '=HYPERLINK("http://evil.example")': "Anonymous",
        "Give us longer deadlines.": "Echo Group",
    }
    text = page.get_text()
    assert "Bravo Hidden Group" not in text
    assert "Foxtrot Secret" not in text


def _answer(session, scenario, text):
    return session.scalar(select(SurveyAnswer).where(SurveyAnswer.text == text))


def test_staff_tag_themes_and_filter_by_them(client, sign_in, session, scenario):
    sign_in("commissioner")
    url = f"/admin/surveys/{scenario.id}/results"
    first = _answer(session, scenario, "Pay invoices on time.")
    second = _answer(session, scenario, "Give us longer deadlines.")
    for answer, themes in (
        (first, "late payment,  Payment Terms, late payment"),
        (second, "short deadlines, Late payment"),
    ):
        response = client.post(
            f"/admin/surveys/{scenario.id}/answers/{answer.id}/themes",
            data={"csrf_token": csrf_token(client.get(url).text), "themes": themes},
        )
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"#answer-{answer.id}")
    session.expire_all()
    assert session.get(SurveyAnswer, first.id).themes == ["late payment", "Payment Terms"]
    assert session.get(SurveyAnswer, second.id).themes == ["short deadlines", "Late payment"]

    page = BeautifulSoup(client.get(url).text, "html.parser")
    counts = {
        row.select_one("th").get_text(strip=True).split("–")[0].strip(): row.select_one(
            "td"
        ).get_text(strip=True)
        for row in page.select(".app-theme-counts tbody tr")
    }
    assert counts == {
        "Late payment": "1",
        "late payment": "1",
        "Payment Terms": "1",
        "short deadlines": "1",
    }
    filtered = BeautifulSoup(client.get(url + "?theme=short+deadlines").text, "html.parser")
    shown = [
        li.select_one(".app-submission").get_text(strip=True)
        for li in filtered.select(".app-survey-answer")
    ]
    assert shown == ["Give us longer deadlines."]

    from app.core.audit import AuditEvent

    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.themes"))


def test_a_theme_too_long_is_refused_with_a_message(client, sign_in, session, scenario):
    sign_in("commissioner")
    url = f"/admin/surveys/{scenario.id}/results"
    answer = _answer(session, scenario, "Pay invoices on time.")
    response = client.post(
        f"/admin/surveys/{scenario.id}/answers/{answer.id}/themes",
        data={"csrf_token": csrf_token(client.get(url).text), "themes": "x" * 41},
    )
    assert response.status_code == 400
    assert "Each theme must be 40 characters or fewer" in response.text
    assert f'href="#themes-{answer.id}"' in response.text
    session.expire_all()
    assert session.get(SurveyAnswer, answer.id).themes == []


def test_viewers_cannot_tag_and_do_not_see_the_form(client, sign_in, session, scenario):
    sign_in("viewer")
    url = f"/admin/surveys/{scenario.id}/results"
    page = client.get(url).text
    assert "Save themes" not in page
    answer = _answer(session, scenario, "Pay invoices on time.")
    response = client.post(
        f"/admin/surveys/{scenario.id}/answers/{answer.id}/themes",
        data={"csrf_token": csrf_token(page), "themes": "late payment"},
    )
    assert response.status_code == 403


def test_an_answer_from_another_wave_is_not_found(client, sign_in, session, scenario):
    sign_in("commissioner")
    other = closed_wave(session, months_ago=8)
    answer = _answer(session, scenario, "Pay invoices on time.")
    url = f"/admin/surveys/{other.id}/results"
    response = client.post(
        f"/admin/surveys/{other.id}/answers/{answer.id}/themes",
        data={"csrf_token": csrf_token(client.get(url).text), "themes": "x"},
    )
    assert response.status_code == 404


def test_an_unknown_wave_is_not_found(client, sign_in):
    sign_in("viewer")
    assert client.get("/admin/surveys/999999/results").status_code == 404


# ---------------------------------------------------------------- trends


@pytest.fixture
def two_waves(session, scenario):
    older = create_wave(
        session,
        scenario.opens_at - timedelta(days=182),
        scenario.closes_at - timedelta(days=182),
        confirmed=True,
    )
    forward_plan = next(q for q in older.questions if q.code == "forward_plan")
    forward_plan.text = "Have you heard of the council’s forward plan?"
    session.commit()
    for rating, plan in ((1, "not_aware"), (2, "not_aware"), (4, "aware"), (5, "used")):
        respond(
            session, older, {"org_type": "charity", "relationship": rating, "forward_plan": plan}
        )
    respond(
        session, scenario, {"org_type": "charity", "forward_plan": "used"}, organisation_name="G"
    )
    return older, scenario


def test_the_trend_page_follows_each_core_question_across_waves(
    client, sign_in, session, two_waves
):
    older, newer = two_waves
    sign_in("viewer")
    response = client.get("/admin/surveys/trends")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")

    def cells(code, row):
        return [
            td.get_text(strip=True)
            for td in page.select_one(f"#trend-table-{code} tr[data-row='{row}']").select("td")
        ]

    headers = [
        th["data-wave"] for th in page.select("#trend-table-relationship thead th[data-wave]")
    ]
    assert headers == [older.slug, newer.slug]
    for wave, column in ((older, 0), (newer, 1)):
        expected = expected_from_store(session, wave)["relationship"]
        assert cells("relationship", "answered")[column] == str(expected["base"])
        assert cells("relationship", "mean")[column] == f"{expected['mean']:.2f}"
        good = expected["counts"]["4"] + expected["counts"]["5"]
        assert cells("relationship", "good")[column] == f"{pct(good, expected['base'])} ({good})"
        plan = expected_from_store(session, wave)["forward_plan"]
        for key in ("used", "aware", "not_aware"):
            count = plan["counts"][key]
            assert cells("forward_plan", key)[column] == f"{pct(count, plan['base'])} ({count})"

    # The change of wording is marked, with both wordings, on that question only.
    marked = page.select_one("#trend-forward_plan .app-wording-change").get_text(" ", strip=True)
    assert "Wording changed" in marked
    assert "Have you heard of the council’s forward plan?" in marked
    assert newer.questions[6].text in marked
    assert (
        "Wording changed"
        in page.select_one(f"#trend-table-forward_plan th[data-wave='{newer.slug}']").get_text()
    )
    assert page.select_one("#trend-relationship .app-wording-change") is None
    assert len(page.select(".app-wording-change")) == 1
    # Free text has no trend.
    assert page.select_one("#trend-what_change") is None


def test_the_trend_page_shows_at_least_the_last_four_waves(client, sign_in, session):
    for months in (20, 14, 8, 2):
        closed_wave(session, months_ago=months)
    sign_in("viewer")
    page = BeautifulSoup(client.get("/admin/surveys/trends").text, "html.parser")
    assert len(page.select("#trend-table-relationship thead th[data-wave]")) == 4


def test_waves_not_yet_open_are_left_out_of_trends(client, sign_in, session, scenario):
    create_wave(session, NOW + timedelta(days=30), NOW + timedelta(days=60), confirmed=True)
    create_wave(session, NOW - timedelta(days=3), NOW + timedelta(days=60), confirmed=False)
    session.commit()
    sign_in("viewer")
    page = BeautifulSoup(client.get("/admin/surveys/trends").text, "html.parser")
    assert [th["data-wave"] for th in page.select("#trend-table-bid thead th[data-wave]")] == [
        scenario.slug
    ]


# ---------------------------------------------------------------- query counts


def _add_responses(session, wave, count, start=0):
    for index in range(count):
        respond(
            session,
            wave,
            {
                "org_type": "charity",
                "income_band": "under_10k",
                "relationship": 1 + (start + index) % 5,
                "bid": "no",
                "bid_barriers": ["timescales", "full_cost"],
                "what_change": f"Comment {start + index}",
            },
            organisation_name=f"Group {start + index}",
            may_identify=index % 2 == 0,
        )


def cold(client, url):
    """A request with no counts kept from before: the most it ever costs."""
    counts_cache.clear()
    return client.get(url)


def test_the_results_page_costs_the_same_queries_however_many_answered(
    client, sign_in, session, count_queries
):
    wave = closed_wave(session)
    _add_responses(session, wave, 2)
    sign_in("viewer")
    url = f"/admin/surveys/{wave.id}/results"
    client.get(url)
    few = count_queries(lambda: cold(client, url)).count
    _add_responses(session, wave, 30, start=2)
    many = count_queries(lambda: cold(client, url)).count
    assert many == few


def test_the_trend_page_costs_the_same_queries_however_many_waves(
    client, sign_in, session, count_queries
):
    first = closed_wave(session, months_ago=2)
    _add_responses(session, first, 2)
    sign_in("viewer")
    client.get("/admin/surveys/trends")
    few = count_queries(lambda: cold(client, "/admin/surveys/trends")).count
    for months in (8, 14, 20, 26):
        _add_responses(session, closed_wave(session, months_ago=months), 6)
    many = count_queries(lambda: cold(client, "/admin/surveys/trends")).count
    assert many == few


def test_a_closed_waves_counts_are_kept_until_its_responses_change(
    app, client, sign_in, session, count_queries
):
    wave = closed_wave(session)
    _add_responses(session, wave, 5)
    sign_in("viewer")
    url = f"/admin/surveys/{wave.id}/results"
    counts_cache.clear()
    first = count_queries(lambda: client.get(url))
    again = count_queries(lambda: client.get(url))
    # The two counting queries are skipped once the counts are known.
    assert again.count == first.count - 2
    with app.test_request_context("/"):
        _total, results = question_results(session, wave, Filters())
    assert results[0].base == 5

    # A response added to the closed wave (say, keyed in from a paper copy)
    # changes its fingerprint, so the counts are made again and include it.
    _add_responses(session, wave, 1, start=5)
    with app.test_request_context("/"):
        _total, results = question_results(session, wave, Filters())
    assert results[0].base == 6


def test_the_link_partials_render_for_another_page(app, session, scenario, make_staff):
    """The wave pages include these partials; they need only `wave`."""
    from flask import render_template
    from flask_login import login_user

    administrator = make_staff("administrator")
    with app.test_request_context(f"/admin/surveys/{scenario.id}"):
        login_user(administrator)
        links = render_template("surveys/admin/_results_links.html", wave=scenario)
        trends = render_template("surveys/admin/_trends_link.html")
    for href in (
        f"/admin/surveys/{scenario.id}/results",
        f"/admin/surveys/{scenario.id}/summary",
        f"/admin/surveys/{scenario.id}/results.csv",
        f"/admin/surveys/{scenario.id}/results.xlsx",
    ):
        assert f'href="{href}"' in links
    assert 'href="/admin/surveys/trends"' in trends


def test_free_text_is_shown_fifty_answers_a_page(client, sign_in, session):
    wave = closed_wave(session)
    _add_responses(session, wave, 60)
    sign_in("commissioner")
    url = f"/admin/surveys/{wave.id}/results"

    first = BeautifulSoup(client.get(url).text, "html.parser")
    shown = first.select("#question-what_change .app-survey-answer")
    assert len(shown) == 50
    assert "Answers 1 to 50 of 60." in first.get_text(" ", strip=True)
    next_link = first.select_one("#question-what_change .govuk-pagination__next a")
    assert "text_page=2" in next_link["href"]

    second = BeautifulSoup(client.get(next_link["href"]).text, "html.parser")
    shown = second.select("#question-what_change .app-survey-answer")
    assert len(shown) == 10
    assert "Answers 51 to 60 of 60." in second.get_text(" ", strip=True)
    assert second.select_one("#question-what_change ol")["start"] == "51"

    # Tagging an answer on page 2 comes back to page 2.
    form = second.select_one("#question-what_change form")
    response = client.post(
        form["action"],
        data={"csrf_token": csrf_token(client.get(url).text), "themes": "pay", "text_page": "2"},
    )
    assert response.status_code == 302
    assert "text_page=2" in response.headers["Location"]

    # A page past the end shows the last page, not an error.
    past = client.get(f"{url}?text_page=9")
    assert past.status_code == 200
    assert "Answers 51 to 60 of 60." in BeautifulSoup(past.text, "html.parser").get_text(" ")
