"""The young people's form keeps its promises: any question can be skipped,
ranking becomes "pick your top three", pictures are the same kind of face
for every question that has them and never look chosen, help numbers can be
tapped to call, and it promises no help it cannot give."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.consultations.analysis import Filters, analyse
from app.consultations.models import ConsultationAnswer
from tests.conftest import csrf_token
from tests.consultations.conftest import question_ids

FIVE_CHOICES = ["Books", "Computers", "Events", "Homework club", "Café"]


def post(client, url, data, language="en"):
    headers = {"Accept-Language": language}
    page = client.get(url, headers=headers)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data}, headers=headers)


def _start(client, consultation):
    base = f"/consultations/{consultation.slug}/young-people"
    assert post(client, base, {"age_band": "under_11"}).status_code == 302
    return base


def _ranking_page(consultation) -> int:
    for number, questions in enumerate(consultation.pages(young=True), 1):
        if any(q.kind == "ranking" for q in questions):
            return number
    raise AssertionError("no ranking question")


def test_a_required_question_can_be_skipped_by_a_young_person(client, make_consultation):
    consultation = make_consultation()  # its first question is required for adults
    base = _start(client, consultation)
    start = client.get(base).text
    assert "You do not have to answer every question" in start
    skipped = post(client, f"{base}/questions/1", {})
    assert skipped.status_code == 302, skipped.text
    # Skipping everything still lets them send what they have.
    pages = len(consultation.pages(young=True))
    for number in range(2, pages + 1):
        assert post(client, f"{base}/questions/{number}", {}).status_code == 302
    check = client.get(f"{base}/check")
    assert check.status_code == 200
    assert "You skipped this" in check.text


def test_adults_must_still_answer_a_required_question(client, make_consultation):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/respond"
    post(client, base, {"respondent_type": "individual", "name": "A", "email": "a@example.com"})
    assert post(client, f"{base}/questions/1", {}).status_code == 400


def test_ranking_becomes_pick_your_top_three_for_young_people(client, session, make_consultation):
    consultation = make_consultation(
        questions=[{"kind": "ranking", "text": "Rank these", "choices": FIVE_CHOICES}]
    )
    base = _start(client, consultation)
    page = client.get(f"{base}/questions/1").text
    assert "Pick up to 3." in page
    assert 'type="checkbox"' in page
    assert "<select" not in page
    assert "Choose a rank" not in page
    name = question_ids(consultation)["ranking"]
    too_many = post(client, f"{base}/questions/1", {name: FIVE_CHOICES[:4]})
    assert too_many.status_code == 400
    assert "Pick no more than 3" in too_many.text
    # What they ticked is still ticked, so nothing typed is lost.
    assert too_many.text.count("checked") == 4
    three = post(client, f"{base}/questions/1", {name: ["Café", "Books", "Events"]})
    assert three.status_code == 302
    check = client.get(f"{base}/check").text
    assert "1. " not in check  # a pick is not a rank
    key = check.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check), "submission_key": key})
    stored = session.scalar(select(ConsultationAnswer.value))
    assert sorted(stored) == ["Books", "Café", "Events"]
    # Picks are counted apart from adults' rankings.
    _total, results = analyse(session, consultation, Filters())
    rows = {row[0]: row for row in results[0].rows}
    assert rows["Books"][5] == 1
    assert rows["Books"][2] == 0  # not "ranked first" by anyone
    assert rows["Homework club"][5] == 0


def test_with_two_options_a_young_person_picks_up_to_two(client, make_consultation):
    consultation = make_consultation(
        questions=[{"kind": "ranking", "text": "Rank these", "choices": ["Books", "Games"]}]
    )
    base = _start(client, consultation)
    assert "Pick up to 2." in client.get(f"{base}/questions/1").text


def test_adults_still_rank(client, make_consultation):
    consultation = make_consultation(
        questions=[{"kind": "ranking", "text": "Rank these", "choices": FIVE_CHOICES}]
    )
    base = f"/consultations/{consultation.slug}/respond"
    post(client, base, {"respondent_type": "individual", "name": "A", "email": "a@example.com"})
    page = client.get(f"{base}/questions/1").text
    assert "<select" in page
    assert "Pick up to" not in page


def test_pictures_are_the_same_kind_for_every_question_and_never_ticked(client, make_consultation):
    consultation = make_consultation(
        questions=[
            {"kind": "scale", "text": "Do you agree?", "page": 1},
            {"kind": "yes_no", "text": "Do you have a card?", "page": 2},
        ]
    )
    base = _start(client, consultation)
    for number in (1, 2):
        page = client.get(f"{base}/questions/{number}").text
        svgs = re.findall(r'<svg class="app-choice-picture".*?</svg>', page, re.S)
        assert svgs
        for svg in svgs:
            assert 'r="2.5"' in svg  # a face with eyes
            assert "L18 28 L30 13" not in svg  # no tick
            assert "M12 12 L28 28" not in svg  # no cross
        assert " checked" not in page  # nothing chosen before they choose


def test_help_numbers_are_tel_links_and_no_help_is_promised_that_cannot_be_given(
    client, make_consultation
):
    consultation = make_consultation()
    base = f"/consultations/{consultation.slug}/young-people"
    for language in ("en", "cy"):
        page = client.get(base, headers={"Accept-Language": language}).text
        assert 'href="tel:08001111"' in page
        assert 'href="tel:01632960400"' in page
        assert "we may try to help" not in page
    start = client.get(base).text
    assert "cannot get in touch with you" in start
    privacy = client.get("/privacy/young-people").text
    assert 'href="tel:08001111"' in privacy
    assert "so they can try to help" not in privacy


def test_the_young_peoples_pages_are_in_welsh(client, make_consultation):
    consultation = make_consultation(
        questions=[{"kind": "ranking", "text": "Rank these", "choices": FIVE_CHOICES}]
    )
    base = f"/consultations/{consultation.slug}/young-people"
    post(client, base, {"age_band": "under_11"}, language="cy")
    page = client.get(f"{base}/questions/1", headers={"Accept-Language": "cy"}).text
    assert "Pick up to 3." not in page
    assert "Dewis hyd at 3." in page
