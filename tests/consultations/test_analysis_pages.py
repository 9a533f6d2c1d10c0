"""A consultation's free text is read a page of different answers at a time,
while the campaigns (the same answer from many people) are still counted
over every answer."""

import random

from bs4 import BeautifulSoup
from sqlalchemy import select

import app.consultations.analysis as analysis
from app.consultations.analysis import Filters, analyse, group_answers, similar
from app.consultations.models import ConsultationAnswer, ConsultationResponse
from tests.consultations.test_analysis_groups import respond


def _free_text(consultation):
    return next(q for q in consultation.questions if q.kind == "free_text")


def _section(client, consultation, query=""):
    page = BeautifulSoup(
        client.get(f"/admin/consultations/{consultation.id}/analysis{query}").text, "html.parser"
    )
    number = consultation.questions.index(_free_text(consultation)) + 1
    return page.find(id=f"question-{number}").parent


def _every_answer(session, consultation):
    """(reference, version, text, themes) of every free-text answer, in the
    order they came: what the analysis read whole before."""
    rows = session.execute(
        select(
            ConsultationResponse.reference, ConsultationResponse.version, ConsultationAnswer.value
        )
        .join(ConsultationResponse, ConsultationResponse.id == ConsultationAnswer.response_id)
        .where(ConsultationAnswer.question_id == _free_text(consultation).id)
        .order_by(ConsultationAnswer.response_id)
    ).all()
    return [(reference, version, str(value), []) for reference, version, value in rows]


def test_campaigns_are_counted_over_every_answer_as_before(session, make_consultation):
    consultation = make_consultation()
    library = "Please keep the central library open on Saturday mornings"
    given = [
        library,
        "Open later on Thursdays please.",
        library.upper() + "!",
        "Please keep the central library open on Saturday morning",  # nearly
        "More computers.",
        "open later on thursdays, please",
        library,
        "Please keep the central library open on Saturday morning",
        "",
        "More  computers",
    ]
    for number, text in enumerate(given):
        respond(
            session,
            consultation,
            {"free_text": text},
            version=["adult", "young_people"][number % 2],
        )
    everything = group_answers(_every_answer(session, consultation))

    _total, results = analyse(session, consultation, Filters())
    free = next(r for r in results if r.question.kind == "free_text")
    assert free.answered == len(given)
    assert free.different == len(everything) == 4
    assert [(c.count, c.identical, c.text) for c in free.campaigns] == [
        (c.count, c.identical, c.text) for c in everything
    ]
    assert [c.count for c in free.campaigns] == [5, 2, 2, 1]
    assert [[a[:3] for a in c.answers] for c in free.campaigns] == [
        [a[:3] for a in c.answers] for c in everything
    ]


def test_free_text_is_shown_a_page_of_different_answers_at_a_time(
    client, session, sign_in, make_consultation, monkeypatch
):
    monkeypatch.setattr(analysis, "TEXT_PAGE_SIZE", 2)
    consultation = make_consultation()
    # Five different answers: 3, 2, 1, 1 and 1 people, and one young person's.
    for text, times in (("Open later.", 3), ("More books.", 2), ("Quieter.", 1), ("Cafe.", 1)):
        for _number in range(times):
            respond(session, consultation, {"free_text": text})
    respond(session, consultation, {"free_text": "Games."}, version="young_people")
    sign_in("viewer")

    first = _section(client, consultation)
    rows = first.select("tbody tr")
    assert len(rows) == 2
    assert "Same answer from 3 people" in rows[0].text
    assert "Open later." in rows[0].text
    assert "Same answer from 2 people" in rows[1].text
    assert "More books." in rows[1].text
    assert "Answers 1 to 2 of 5." in first.text
    # Counted over every answer, not just this page's.
    assert "8 answers" in first.text
    assert "5 different answers" in first.text
    pages = first.select("nav.govuk-pagination a")
    assert [link.get("rel") for link in pages] == [["next"]]
    assert "text_page=2" in pages[0]["href"]

    last = _section(client, consultation, "?text_page=3")
    assert [row.select_one(".app-submission").text for row in last.select("tbody tr")] == ["Games."]
    assert "Answers 5 to 5 of 5." in last.text
    assert [link.get("rel") for link in last.select("nav.govuk-pagination a")] == [["prev"]]
    # Past the end is the last page.
    assert "Games." in _section(client, consultation, "?text_page=9").text

    # The filters stay on the way from page to page.
    adults = _section(client, consultation, "?version=adult")
    assert "Answers 1 to 2 of 4." in adults.text
    link = adults.select_one("nav.govuk-pagination a")["href"]
    assert "version=adult" in link
    assert "text_page=2" in link
    second = client.get(link.split("#")[0]).text
    assert "Games." not in second
    assert "Quieter." in second


def test_a_large_campaign_lists_its_first_answers_and_says_how_many_more(
    client, session, sign_in, make_consultation, monkeypatch
):
    monkeypatch.setattr(analysis, "MEMBERS_SHOWN", 3)
    consultation = make_consultation()
    texts = ["Save the library", "save the library!", "Save the library", "SAVE THE LIBRARY"]
    texts += ["Save the library"] * 2
    references = [respond(session, consultation, {"free_text": t}).reference for t in texts]
    respond(session, consultation, {"free_text": "Something else"})
    sign_in("viewer")
    rows = _section(client, consultation).select("tbody tr")
    assert "Same answer from 6 people" in rows[0].text
    # The first three to send it, whichever way they wrote it, in the order they came.
    assert [li.a.text for li in rows[0].select("details li")] == references[:3]
    assert "Answers 1 to 3 of 6." in rows[0].text
    assert "Answers 1 to" not in rows[1].text


def test_the_quick_comparison_agrees_with_similar():
    rng = random.Random(20261205)
    letters = "abcde fghé7ŵ"
    base = [
        "".join(rng.choice(letters) for _ in range(rng.randint(0, 40))) for _number in range(60)
    ]
    # Near copies of each, a letter or two changed, added or dropped.
    texts = list(base)
    for text in base:
        changed = list(text)
        for _edit in range(rng.randint(1, 3)):
            place = rng.randint(0, len(changed))
            choice = rng.random()
            if choice < 0.4 and changed[place:]:
                changed[place] = rng.choice(letters)
            elif choice < 0.7:
                changed.insert(place, rng.choice(letters))
            elif changed[place:]:
                del changed[place]
        texts.append("".join(changed))
    compared = analysis._Comparer()
    agreed = [
        compared.similar(one, other) == similar(one, other) for one in texts for other in texts
    ]
    assert all(agreed)
    assert sum(similar(one, other) for one in texts for other in texts if one != other) > 20
