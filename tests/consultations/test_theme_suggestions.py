"""Suggested themes on a consultation's free-text question: asking never
blocks a page, staff accept, rename, merge or discard, accepting tags the
inbox items above the chosen threshold, and grown answers are themed again."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.consultations.models import ConsultationResponse
from app.core.themes import services
from app.core.themes.models import (
    ACCEPTED,
    DISCARDED,
    MERGED,
    PENDING,
    READY,
    SuggestedTheme,
    ThemeSuggestionRun,
)
from app.inbox.models import InboxItem
from app.inbox.services import set_tags
from tests.conftest import csrf_token
from tests.consultations.theme_builders import answer, themed_answers


@pytest.fixture
def question_with_answers(session, make_consultation):
    consultation = make_consultation()
    question = next(q for q in consultation.questions if q.kind == "free_text")
    themed_answers(session, consultation, question)
    return consultation, question


def _url(consultation, question, tail=""):
    return f"/admin/consultations/{consultation.id}/questions/{question.id}/themes{tail}"


def _ask_and_compute(client, consultation, question):
    page = client.get(_url(consultation, question))
    response = client.post(
        _url(consultation, question, "/suggest"), data={"csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302
    waiting = client.get(_url(consultation, question))
    assert "Suggestions are being prepared." in waiting.text
    run_id = max(services.waiting_run_ids(services.db.session))
    assert services.compute(run_id) == READY
    return run_id


def _theme_about(session, run_id, word) -> SuggestedTheme:
    run = session.get(ThemeSuggestionRun, run_id)
    session.refresh(run)
    return next(t for t in run.themes if word in t.words)


def _decide(client, consultation, question, theme, action, **fields):
    page = client.get(_url(consultation, question))
    prefix = f"theme-{theme.id}-"
    data = {"csrf_token": csrf_token(page.text), "theme": theme.id, "action": action}
    data.update({prefix + key: value for key, value in fields.items()})
    return client.post(_url(consultation, question, "/decide"), data=data)


def _tagged(session, name) -> set[str]:
    session.expire_all()
    items = session.scalars(select(InboxItem)).all()
    return {item.reference for item in items if name in {t.name for t in item.tags}}


def test_the_engine_finds_the_subjects_people_wrote_about():
    from app.core.themes.engine import suggest
    from tests.consultations.theme_builders import SUBJECTS

    texts = [f"{t} ({s})" for s, ts in SUBJECTS.items() for t in ts * 7]
    themes = suggest(texts)
    assert 5 <= len(themes) <= 15
    tops = [set(theme.words[:4]) for theme in themes]
    for subject in ("buses", "park", "library"):
        assert any(subject in top for top in tops), (subject, tops)
    # The same answers give the same themes.
    assert [t.words for t in suggest(texts)] == [t.words for t in themes]
    # Welsh and English filler words never make a theme's top words.
    assert not {"the", "and", "mae", "yn", "council"} & {w for t in themes for w in t.words}
    assert suggest(texts[:19]) == []


def test_asking_leaves_a_pending_run_that_the_analysis_page_reports(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    sign_in("commissioner")
    page = client.get(_url(consultation, question))
    assert page.status_code == 200
    assert "Suggest themes" in page.text
    client.post(
        _url(consultation, question, "/suggest"), data={"csrf_token": csrf_token(page.text)}
    )
    runs = session.scalars(select(ThemeSuggestionRun)).all()
    assert [(r.status, r.requested_count) for r in runs] == [(PENDING, 60)]
    analysis = client.get(f"/admin/consultations/{consultation.id}/analysis").text
    assert "suggestions are being prepared" in analysis
    # Asking again while one is waiting adds no second run.
    client.post(
        _url(consultation, question, "/suggest"), data={"csrf_token": csrf_token(page.text)}
    )
    assert session.query(ThemeSuggestionRun).count() == 1


def test_accepting_tags_the_inbox_items_above_the_threshold(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    sign_in("commissioner")
    run_id = _ask_and_compute(client, consultation, question)
    buses = _theme_about(session, run_id, "buses")
    page = client.get(_url(consultation, question)).text
    assert "These suggestions come from 60 answers." in page
    # Each theme shows its most typical answers, each different.
    from bs4 import BeautifulSoup

    for section in BeautifulSoup(page, "html.parser").select(".app-suggested-theme"):
        shown = [li.select_one(".app-submission").text for li in section.select("ul li")]
        assert 1 <= len(shown) <= 5
        assert len(set(shown)) == len(shown)
    # The page says how many answers each threshold tags, and tags exactly those.
    expected = buses.count_at(0.5)
    assert expected >= 10
    assert re.search(rf"50%\s+or more \({expected} answers\)", page)
    response = _decide(
        client, consultation, question, buses, "accept", name="Bus services", threshold="0.5"
    )
    assert response.status_code == 302
    tagged = _tagged(session, "bus services")
    assert len(tagged) == expected
    shares = buses.answer_shares()
    responses = session.scalars(select(ConsultationResponse)).all()
    for response_row in responses:
        answer_id = response_row.answers[0].id
        assert (response_row.reference in tagged) == (shares.get(answer_id, 0) >= 0.5)
    theme = session.get(SuggestedTheme, buses.id)
    assert (theme.status, theme.name, theme.threshold, theme.tagged_count) == (
        ACCEPTED,
        "Bus services",
        0.5,
        expected,
    )
    # Ordinary inbox tags: the analysis shows them, and staff change them one by one.
    analysis = client.get(f"/admin/consultations/{consultation.id}/analysis").text
    assert "bus services" in analysis
    one = session.scalar(select(InboxItem).where(InboxItem.reference == sorted(tagged)[0]))
    set_tags(session, one, ["timetables"])
    session.commit()
    assert len(_tagged(session, "bus services")) == expected - 1
    inbox = client.get("/inbox/?tag=bus+services").text
    assert sorted(tagged)[1] in inbox


def test_the_threshold_decides_which_answers_are_tagged(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    sign_in("commissioner")
    run_id = _ask_and_compute(client, consultation, question)
    theme = _theme_about(session, run_id, "library")
    counts = [theme.count_at(t) for t in services.THRESHOLDS]
    assert counts == sorted(counts, reverse=True)
    # An answer exactly at the threshold is tagged; one just under is not.
    answer_id, share = next(iter(theme.answer_shares().items()))
    assert theme.count_at(share, {answer_id}) == 1
    assert theme.count_at(share + 0.001, {answer_id}) == 0
    _decide(client, consultation, question, theme, "accept", name="Library hours", threshold="0.9")
    assert len(_tagged(session, "library hours")) == theme.count_at(0.9)
    # A threshold not on offer is refused, and nothing is tagged.
    other = _theme_about(session, run_id, "park")
    response = _decide(
        client, consultation, question, other, "accept", name="Parks", threshold="0.05"
    )
    assert response.status_code == 400
    assert _tagged(session, "parks") == set()


def test_rename_then_accept_and_discard(app, client, session, sign_in, question_with_answers):
    consultation, question = question_with_answers
    sign_in("commissioner")
    run_id = _ask_and_compute(client, consultation, question)
    parks = _theme_about(session, run_id, "park")
    response = _decide(client, consultation, question, parks, "rename", name="  Safer   parks ")
    assert response.status_code == 302
    page = client.get(_url(consultation, question)).text
    assert "Safer parks" in page
    assert _tagged(session, "safer parks") == set()
    blank = _decide(client, consultation, question, parks, "rename", name="")
    assert blank.status_code == 400
    assert "Enter a theme name" in blank.text

    library = _theme_about(session, run_id, "library")
    assert _decide(client, consultation, question, library, "discard").status_code == 302
    session.expire_all()
    assert session.get(SuggestedTheme, library.id).status == DISCARDED
    page = client.get(_url(consultation, question)).text
    assert f'id="theme-{library.id}"' not in page
    assert "Discarded" in page
    # A discarded theme can be neither accepted nor discarded again.
    again = _decide(client, consultation, question, library, "accept", name="x", threshold="0.3")
    assert again.status_code == 302
    assert _tagged(session, "x") == set()


def test_merging_two_themes_tags_the_answers_of_both(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    sign_in("commissioner")
    run_id = _ask_and_compute(client, consultation, question)
    buses = _theme_about(session, run_id, "buses")
    parks = _theme_about(session, run_id, "park")
    bus_ids = {i for i, s in buses.answer_shares().items() if s >= 0.5}
    park_ids = {i for i, s in parks.answer_shares().items() if s >= 0.5}
    response = _decide(client, consultation, question, parks, "merge", into=str(buses.id))
    assert response.status_code == 302
    session.expire_all()
    merged = session.get(SuggestedTheme, parks.id)
    target = session.get(SuggestedTheme, buses.id)
    assert (merged.status, merged.merged_into_id) == (MERGED, buses.id)
    assert {i for i, s in target.answer_shares().items() if s >= 0.5} >= bus_ids | park_ids
    assert "park" in target.words
    _decide(client, consultation, question, target, "accept", name="Getting about", threshold="0.5")
    assert len(_tagged(session, "getting about")) == len(bus_ids | park_ids)
    # Merging into a theme of another question's run is refused.
    assert (
        _decide(client, consultation, question, target, "merge", into="999999").status_code == 302
    )


def test_grown_answers_are_themed_again_by_the_set_share(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    app.config["THEME_SUGGESTIONS_RECOMPUTE_SHARE"] = 0.2
    try:
        sign_in("viewer")
        run = ThemeSuggestionRun(source="consultation", question_id=question.id, requested_count=60)
        session.add(run)
        session.commit()
        assert services.compute(run.id) == READY
        # 11 more answers: 71 < 60 x 1.2, not yet.
        for n in range(11):
            answer(
                session, consultation, question, "More buses please, the route was cut", n=100 + n
            )
        session.commit()
        page = client.get(_url(consultation, question)).text
        assert "Suggestions are being prepared." not in page
        assert session.query(ThemeSuggestionRun).count() == 1
        # The 12th makes 72 = 60 x 1.2: a new run, and the page does not wait for it.
        answer(session, consultation, question, "Bus route to town please", n=200)
        session.commit()
        page = client.get(_url(consultation, question)).text
        assert "Suggestions are being prepared." in page
        assert "These suggestions come from 60 answers." in page
        runs = session.scalars(select(ThemeSuggestionRun).order_by(ThemeSuggestionRun.id)).all()
        assert [(r.status, r.requested_count) for r in runs] == [(READY, 60), (PENDING, 72)]
        assert services.compute(runs[1].id) == READY
        page = client.get(_url(consultation, question)).text
        assert "These suggestions come from 72 answers." in page
    finally:
        app.config.pop("THEME_SUGGESTIONS_RECOMPUTE_SHARE", None)


def test_young_peoples_and_adults_answers_can_be_looked_at_apart(
    app, client, session, sign_in, question_with_answers
):
    consultation, question = question_with_answers
    sign_in("commissioner")
    run_id = _ask_and_compute(client, consultation, question)
    theme = _theme_about(session, run_id, "buses")
    groups = dict(zip(theme.loadings["ids"], theme.loadings["groups"], strict=True))
    young = {i for i, g in groups.items() if g == "young_people"}
    assert 0 < theme.count_at(0.3, young) < theme.count_at(0.3)
    page = client.get(_url(consultation, question, "?group=young_people")).text
    assert re.search(rf"30%\s+or more \({theme.count_at(0.3, young)} answers?\)", page)


def test_the_page_is_in_welsh(app, client, session, sign_in, question_with_answers):
    consultation, question = question_with_answers
    sign_in("commissioner")
    _ask_and_compute(client, consultation, question)
    client.set_cookie("language", "cy")
    page = client.get(_url(consultation, question))
    assert page.status_code == 200
    assert 'lang="cy"' in page.text
    assert "Themâu a awgrymir" in page.text


def test_a_question_that_is_not_free_text_is_not_found(app, client, sign_in, make_consultation):
    consultation = make_consultation()
    scale = next(q for q in consultation.questions if q.kind == "scale")
    sign_in("commissioner")
    assert client.get(_url(consultation, scale)).status_code == 404


def test_deciding_on_a_theme_a_newer_run_replaced_shows_the_new_ones(
    app, client, session, sign_in, question_with_answers
):
    """A commissioner reading the first run's themes while the second one
    finishes is sent back to the new suggestions, with nothing tagged."""
    consultation, question = question_with_answers
    sign_in("commissioner")
    first_run = _ask_and_compute(client, consultation, question)
    old = _theme_about(session, first_run, "library")
    page = client.get(_url(consultation, question))
    newer = ThemeSuggestionRun(source="consultation", question_id=question.id, requested_count=60)
    session.add(newer)
    session.commit()
    assert services.compute(newer.id) == READY
    response = client.post(
        _url(consultation, question, "/decide"),
        data={
            "csrf_token": csrf_token(page.text),
            "theme": old.id,
            "action": "accept",
            f"theme-{old.id}-name": "Library hours",
            f"theme-{old.id}-threshold": "0.9",
        },
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).text
    assert "brought up to date while you were reading them" in shown
    assert _tagged(session, "library hours") == set()
    # A theme of another question is still refused outright.
    other = client.post(
        _url(consultation, question, "/decide"),
        data={"csrf_token": csrf_token(page.text), "theme": 999999, "action": "accept"},
    )
    assert other.status_code == 400
