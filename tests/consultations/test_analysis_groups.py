"""The analysis compares groups (respondent type, or age band for the young
people's version) and gathers the same free-text answer sent by many people."""

import difflib
import secrets

import pytest
from bs4 import BeautifulSoup

from app.consultations.analysis import (
    SIMILAR_ENOUGH,
    Filters,
    cross_tabulate,
    group_answers,
    normalise,
    similar,
)
from app.consultations.models import ConsultationAnswer, ConsultationResponse
from app.consultations.services import update_question


def respond(session, consultation, answers, *, version="adult", respondent="individual", age=None):
    """A response made directly, as the form would leave it."""
    response = ConsultationResponse(
        consultation_id=consultation.id,
        reference=f"CON-2026-{secrets.token_hex(3).upper()}",
        version=version,
        respondent_type=respondent if version == "adult" else None,
        age_band=age,
        submission_key=secrets.token_hex(16),
    )
    by_kind = {q.kind: q for q in consultation.questions}
    for kind, value in answers.items():
        response.answers.append(ConsultationAnswer(question_id=by_kind[kind].id, value=value))
    session.add(response)
    session.commit()
    return response


def _welsh_options(session, consultation):
    single = next(q for q in consultation.questions if q.kind == "single")
    update_question(
        session,
        single,
        {
            "kind": "single",
            "text": single.text,
            "help_text": "",
            "required": False,
            "choices": ["Central", "Hollinsby", "Marsh Lane"],
            "choices_cy": ["Canolog", "Hollinsby", "Lôn y Gors"],
            "max_length": None,
            "page": 1,
            "young_text": "",
            "young_help_text": "",
        },
    )
    session.commit()


def _table(page, question):
    rows = page.select(f"#cross-tab-{question.id} tbody tr")
    return {
        row.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in rows
    }


def test_choices_are_cross_tabulated_by_respondent_type(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    _welsh_options(session, consultation)
    # Answers hold the option's key whichever language the person read.
    respond(session, consultation, {"single": "Central", "multiple": ["Saturdays"]})
    respond(session, consultation, {"single": "Central", "multiple": ["Saturdays"]})
    respond(session, consultation, {"single": "Marsh Lane", "multiple": []})
    respond(session, consultation, {"single": "Hollinsby"}, respondent="organisation")
    respond(session, consultation, {"scale": "agree"}, version="young_people", age="11_13")
    sign_in("viewer")
    base = f"/admin/consultations/{consultation.id}/analysis"
    plain = BeautifulSoup(client.get(base).text, "html.parser")
    assert plain.select(".app-cross-tab") == []

    page = BeautifulSoup(client.get(f"{base}?group_by=respondent").text, "html.parser")
    single = next(q for q in consultation.questions if q.kind == "single")
    heads = [th.get_text(" ", strip=True) for th in page.select(f"#cross-tab-{single.id} thead th")]
    assert heads == [
        "Option",
        "As an individual 3 responses",
        "On behalf of an organisation 1 response",
        "Young people 1 response",
    ]
    table = _table(page, single)
    assert table["Central"] == ["2 (66.7%)", "0 (0.0%)", "0 (0.0%)"]
    assert table["Marsh Lane"] == ["1 (33.3%)", "0 (0.0%)", "0 (0.0%)"]
    assert table["Hollinsby"] == ["0 (0.0%)", "1 (100.0%)", "0 (0.0%)"]
    assert table["Not answered"] == ["0 (0.0%)", "0 (0.0%)", "1 (100.0%)"]
    multiple = next(q for q in consultation.questions if q.kind == "multiple")
    table = _table(page, multiple)
    assert table["Saturdays"] == ["2 (66.7%)", "0 (0.0%)", "0 (0.0%)"]
    # An empty list is no answer.
    assert table["Not answered"] == ["1 (33.3%)", "1 (100.0%)", "1 (100.0%)"]
    # Free text and ranking are not cross-tabulated.
    for kind in ("free_text", "ranking"):
        question = next(q for q in consultation.questions if q.kind == kind)
        assert page.select(f"#cross-tab-{question.id}") == []


def test_the_young_peoples_version_is_cross_tabulated_by_age_band(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    respond(session, consultation, {"scale": "agree"}, version="young_people", age="11_13")
    respond(session, consultation, {"scale": "agree"}, version="young_people", age="11_13")
    respond(session, consultation, {"scale": "disagree"}, version="young_people", age="16_17")
    respond(session, consultation, {"scale": "disagree"})  # an adult: not counted by age
    sign_in("viewer")
    page = BeautifulSoup(
        client.get(f"/admin/consultations/{consultation.id}/analysis?group_by=age_band").text,
        "html.parser",
    )
    scale = next(q for q in consultation.questions if q.kind == "scale")
    table = _table(page, scale)
    assert table["Agree"] == ["0 (0.0%)", "2 (100.0%)", "0 (0.0%)", "0 (0.0%)"]
    assert table["Disagree"] == ["0 (0.0%)", "0 (0.0%)", "0 (0.0%)", "1 (100.0%)"]
    assert "young people’s version only" in page.select_one(".app-cross-tab caption").text


def test_groups_follow_the_other_filters_and_an_unknown_grouping_is_ignored(
    session, app_ctx, make_consultation
):
    consultation = make_consultation()
    respond(session, consultation, {"single": "Central"})
    respond(session, consultation, {"single": "Central"}, respondent="organisation")
    tables = cross_tabulate(
        session, consultation, Filters(group_by="respondent", respondent="organisation")
    )
    single = next(t for t in tables if t.question.kind == "single")
    assert [size for _code, _label, size in single.groups] == [0, 1, 0]
    assert single.rows[0][1] == [(0, 0.0), (1, 100.0), (0, 0.0)]
    assert cross_tabulate(session, consultation, Filters(group_by="postcode")) == []


def test_cross_tabulating_costs_the_same_queries_however_many_respond(
    client, session, sign_in, make_consultation, count_queries
):
    consultation = make_consultation()
    sign_in("viewer")
    url = f"/admin/consultations/{consultation.id}/analysis?group_by=respondent"
    respond(session, consultation, {"single": "Central", "multiple": ["Saturdays"]})
    few = count_queries(lambda: client.get(url)).count
    for number in range(20):
        respond(
            session,
            consultation,
            {"single": ["Central", "Hollinsby"][number % 2], "multiple": ["Saturdays"]},
            respondent=["individual", "organisation"][number % 2],
        )
        respond(session, consultation, {"scale": "agree"}, version="young_people", age="14_15")
    assert count_queries(lambda: client.get(url)).count == few


# ---------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------


def test_answers_are_normalised_for_case_space_and_punctuation():
    assert normalise("  Save OUR   library!!! ") == "save our library"
    assert normalise("Save our library.") == normalise("save, our library")
    assert normalise("Cadwch y llyfrgell ar agor") == "cadwch y llyfrgell ar agor"
    assert normalise("Llyfrgell — ar agor?") == "llyfrgell ar agor"


def _changed(text: str, places: int) -> str:
    """The text with `places` letters swapped for digits, spread out."""
    letters = list(text)
    step = len(letters) // (places + 1)
    for number in range(1, places + 1):
        letters[number * step] = "7"
    return "".join(letters)


def test_near_identical_means_a_ratio_of_at_least_nine_tenths():
    base = "please keep the central library open on saturday mornings"  # 58 letters
    assert SIMILAR_ENOUGH == 0.9
    # On the boundary: 2 * 52 matching / 116 letters is 0.8966; 53/58 is just over.
    at_least = _changed(base, 5)
    below = _changed(base, 6)
    assert difflib.SequenceMatcher(None, base, at_least).ratio() >= 0.9
    assert difflib.SequenceMatcher(None, base, below).ratio() < 0.9
    assert similar(base, at_least)
    assert not similar(base, below)
    # Exactly 0.9: ten letters, one different.
    assert difflib.SequenceMatcher(None, "abcdefghij", "abcdefghi7").ratio() == pytest.approx(0.9)
    assert similar("abcdefghij", "abcdefghi7")
    assert not similar("abcdefghij", "abcdefgh77")
    # Short answers that differ are not a campaign.
    assert not similar("yes", "no")
    assert not similar("i agree", "i disagree")


def test_a_campaign_is_shown_once_with_the_number_who_sent_it(
    client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    campaign = "Save our library! It is the heart of Marsh Lane."
    for number in range(37):
        text = [campaign, "save our library it is the heart of marsh lane", campaign.upper()][
            number % 3
        ]
        respond(session, consultation, {"free_text": text})
    respond(session, consultation, {"free_text": "Save our library! It is the heart of Marsh Lane"})
    respond(session, consultation, {"free_text": "Open later on Thursdays please."})
    sign_in("viewer")
    page = BeautifulSoup(
        client.get(f"/admin/consultations/{consultation.id}/analysis").text, "html.parser"
    )
    free_text = next(q for q in consultation.questions if q.kind == "free_text")
    section = page.find(id=f"question-{consultation.questions.index(free_text) + 1}").parent
    rows = section.select("tbody tr")
    assert len(rows) == 2
    assert "Same answer from 38 people" in rows[0].text
    assert rows[0].text.count(campaign) == 1
    assert len(rows[0].select("details li")) == 38
    assert "Same answer" not in rows[1].text
    assert "Open later on Thursdays please." in rows[1].text
    assert "2 different answers" in section.text
    assert "39 answers" in section.text


def test_nearly_the_same_answers_are_marked_as_such():
    entries = [
        ("CON-1", "adult", "Please keep the central library open on Saturday mornings", []),
        ("CON-2", "adult", "Please keep the central library open on Saturday morning!", []),
        ("CON-3", "adult", "Close it.", []),
        ("CON-4", "adult", "Please keep the central library open on Saturday mornings", []),
    ]
    campaigns = group_answers(entries)
    assert [(c.count, c.identical) for c in campaigns] == [(3, False), (1, True)]
    assert [a[0] for a in campaigns[0].answers] == ["CON-1", "CON-2", "CON-4"]
    assert campaigns[0].text == entries[0][2]


def test_past_the_limit_only_identical_answers_are_grouped(monkeypatch):
    import app.consultations.analysis as analysis

    entries = [
        ("CON-1", "adult", "Please keep the central library open on Saturday mornings", []),
        ("CON-2", "adult", "Please keep the central library open on Saturday morning", []),
        ("CON-3", "adult", "please keep the central library open on saturday mornings!", []),
    ]
    assert [c.count for c in group_answers(entries)] == [3]
    monkeypatch.setattr(analysis, "MOST_COMPARED", 1)
    assert [c.count for c in group_answers(entries)] == [2, 1]


def test_an_answer_joins_the_earliest_near_group_of_any_length():
    # The first group is longer than the answer, the second the same length:
    # the answer joins the first, which came earlier.
    first = "please keep the central library open on saturday mornings"
    second = "please keep the central library open on saturday morning7"
    entries = [
        ("CON-1", "adult", first, []),
        ("CON-2", "adult", "something quite different from both of them", []),
        ("CON-3", "adult", first[:-1], []),
        ("CON-4", "adult", second, []),
    ]
    campaigns = group_answers(entries)
    assert [[a[0] for a in c.answers] for c in campaigns] == [
        ["CON-1", "CON-3", "CON-4"],
        ["CON-2"],
    ]


def test_the_page_says_when_only_identical_answers_are_grouped(
    client, session, sign_in, make_consultation, monkeypatch
):
    import app.consultations.analysis as analysis

    consultation = make_consultation()
    respond(session, consultation, {"free_text": "Open later please."})
    respond(session, consultation, {"free_text": "Open later, please"})
    respond(session, consultation, {"free_text": "More computers."})
    sign_in("viewer")
    url = f"/admin/consultations/{consultation.id}/analysis"
    note = "too many different answers to look for nearly identical ones"
    assert note not in client.get(url).text
    monkeypatch.setattr(analysis, "MOST_COMPARED", 1)
    page = client.get(url).text
    assert note in page
    assert "Same answer from 2 people" in page
