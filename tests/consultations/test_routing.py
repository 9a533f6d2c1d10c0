"""Simple routing: staff ask a question only when an earlier single-choice
answer matches; the public journey skips it, check-your-answers leaves it
out, and the analysis counts only the people who were asked it."""

import secrets

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.consultations.analysis import Filters, analyse
from app.consultations.models import ConsultationAnswer, ConsultationResponse
from app.consultations.services import add_question, move_question, remove_question
from app.core.audit import AuditEvent
from tests.conftest import csrf_token, post_form


def respond_to(session, consultation, answers, respondent):
    response = ConsultationResponse(
        consultation_id=consultation.id,
        reference=f"CON-2026-{secrets.token_hex(3).upper()}",
        version="adult",
        respondent_type=respondent,
        submission_key=secrets.token_hex(16),
        answers=[ConsultationAnswer(question_id=q.id, value=v) for q, v in answers.items()],
    )
    session.add(response)


QUESTIONS = [
    {
        "kind": "single",
        "text": "Which library do you use most?",
        "choices": ["Central", "Hollinsby", "Marsh Lane"],
        "required": True,
        "page": 1,
    },
    {
        "kind": "free_text",
        "text": "What would make Marsh Lane better?",
        "required": True,
        "page": 2,
    },
    {"kind": "yes_no", "text": "Do you have a library card?", "required": False, "page": 3},
]


def _routed(session, make_consultation, **overrides):
    """Question 2 is asked only of those who use Marsh Lane."""
    consultation = make_consultation(questions=QUESTIONS, **overrides)
    library, better, _card = consultation.questions
    better.show_if_id = library.id
    better.show_if_answer = "Marsh Lane"
    session.commit()
    return consultation


def post(client, url, data):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data})


def _start(client, consultation):
    base = f"/consultations/{consultation.slug}/respond"
    about = {"respondent_type": "organisation", "organisation_name": "Friends of the library"}
    assert post(client, base, about).headers["Location"] == f"{base}/questions/1"
    return base


def test_a_question_not_asked_is_skipped_and_left_out_of_check_your_answers(
    client, session, make_consultation
):
    consultation = _routed(session, make_consultation)
    library, _better, _card = consultation.questions
    base = _start(client, consultation)
    sent = post(client, f"{base}/questions/1", {f"q{library.id}": "Central"})
    # Page 2 holds only the Marsh Lane question: straight on to page 3.
    assert sent.headers["Location"] == f"{base}/questions/3"
    page3 = client.get(f"{base}/questions/3").text
    assert f'href="{base}/questions/1"' in page3  # back skips the page not asked
    # Going to the skipped page by hand moves on too.
    assert client.get(f"{base}/questions/2").headers["Location"] == f"{base}/questions/3"
    assert post(client, f"{base}/questions/3", {}).headers["Location"] == f"{base}/check"
    check = client.get(f"{base}/check")
    assert check.status_code == 200  # the required question not asked is not missing
    assert "What would make Marsh Lane better?" not in check.text
    assert "Which library do you use most?" in check.text


def test_the_matching_answer_asks_the_question_and_a_changed_answer_drops_it(
    app, client, session, make_consultation
):
    consultation = _routed(session, make_consultation)
    library, better, _card = consultation.questions
    base = _start(client, consultation)
    sent = post(client, f"{base}/questions/1", {f"q{library.id}": "Marsh Lane"})
    assert sent.headers["Location"] == f"{base}/questions/2"
    # It is required once asked.
    refused = post(client, f"{base}/questions/2", {f"q{better.id}": ""})
    assert refused.status_code == 400
    post(client, f"{base}/questions/2", {f"q{better.id}": "Longer hours."})
    post(client, f"{base}/questions/3", {})
    assert "Longer hours." in client.get(f"{base}/check").text

    # Changing the first answer takes the question (and its answer) away.
    changed = post(client, f"{base}/questions/1?change=1", {f"q{library.id}": "Hollinsby"})
    assert changed.headers["Location"] == f"{base}/check"
    check = client.get(f"{base}/check")
    assert "Longer hours." not in check.text
    key = check.text.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check.text), "submission_key": key})
    response = session.scalar(select(ConsultationResponse))
    values = {a.question_id: a.value for a in response.answers}
    assert values == {library.id: "Hollinsby"}


def test_the_young_peoples_version_skips_it_too(client, session, make_consultation):
    consultation = _routed(session, make_consultation)
    library, _better, _card = consultation.questions
    base = f"/consultations/{consultation.slug}/young-people"
    post(client, base, {"age_band": "14_15"})
    sent = post(client, f"{base}/questions/1", {f"q{library.id}": "Hollinsby"})
    assert sent.headers["Location"] == f"{base}/questions/3"
    assert post(client, f"{base}/questions/3", {}).headers["Location"] == f"{base}/check"
    assert "Marsh Lane better" not in client.get(f"{base}/check").text


def test_staff_set_the_condition_and_see_it(client, session, sign_in, make_consultation):
    consultation = make_consultation(published=False, questions=QUESTIONS)
    library, better, card = consultation.questions
    sign_in("commissioner")
    url = f"/admin/consultations/{consultation.id}/questions/{better.id}"
    form = BeautifulSoup(client.get(url).text, "html.parser")
    offered = [o["value"] for o in form.select("#show_if option")]
    # Each answer of each single-choice question (yes/no too), never free text.
    assert offered == [
        "",
        f"{library.id}:Central",
        f"{library.id}:Hollinsby",
        f"{library.id}:Marsh Lane",
        f"{card.id}:yes",
        f"{card.id}:no",
    ]
    data = {
        "kind": "free_text",
        "text": better.text,
        "required": "yes",
        "page": "2",
        "show_if": f"{library.id}:Marsh Lane",
    }
    assert post_form(client, url, data).status_code == 302
    session.refresh(better)
    assert (better.show_if_id, better.show_if_answer) == (library.id, "Marsh Lane")
    show = client.get(f"/admin/consultations/{consultation.id}").text
    assert "Asked only if “Which library do you use most?” is answered “Marsh Lane”." in show

    # A question on the same or a later page cannot decide it, nor an unknown answer.
    later = post_form(client, url, {**data, "show_if": f"{card.id}:yes"})
    assert later.status_code == 400
    assert "must be on an earlier page" in later.text
    unknown = post_form(client, url, {**data, "show_if": f"{library.id}:Moon"})
    assert unknown.status_code == 400
    assert "Choose an earlier single-choice question" in unknown.text
    same_page = post_form(client, url, {**data, "page": "1"})
    assert same_page.status_code == 400
    session.refresh(better)
    assert better.show_if_answer == "Marsh Lane"
    # Back to always.
    assert post_form(client, url, {**data, "show_if": ""}).status_code == 302
    session.refresh(better)
    assert better.show_if_id is None


def test_a_condition_that_stops_working_is_dropped_and_audited(session, app_ctx, make_consultation):
    consultation = _routed(session, make_consultation, published=False)
    library, better, _card = consultation.questions
    # Moving the deciding question after the one it decides ends the condition.
    move_question(session, library, 1)
    move_question(session, library, 1)
    session.commit()
    assert better.show_if_id is None
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "consultation.question")
    ).all()
    dropped = [e.details["conditions_dropped"] for e in events if "conditions_dropped" in e.details]
    assert dropped == [[better.id]]

    other = _routed(session, make_consultation, published=False, title="Another")
    library, better, _card = other.questions
    remove_question(session, library)
    session.commit()
    assert better.show_if_id is None
    assert better.show_if_answer is None


def test_analysis_counts_only_those_who_were_asked(client, session, sign_in, make_consultation):
    consultation = _routed(session, make_consultation)
    library, better, card = consultation.questions
    # A yes/no question on page 4 asked only of Central users.
    asked_central = add_question(
        session,
        consultation,
        {
            "kind": "single",
            "text": "Which floor?",
            "choices": ["Ground", "First"],
            "help_text": "",
            "required": False,
            "max_length": None,
            "young_text": "",
            "young_help_text": "",
            "page": 4,
            "show_if": f"{library.id}:Central",
        },
    )
    session.commit()
    for chosen, respondent, more in (
        ("Marsh Lane", "individual", {better: "More seats"}),
        ("Marsh Lane", "individual", {}),
        ("Hollinsby", "individual", {}),
        ("Hollinsby", "organisation", {}),
        ("Central", "individual", {asked_central: "First"}),
        ("Central", "organisation", {}),
    ):
        respond_to(session, consultation, {library: chosen, **more}, respondent)
    session.commit()
    total, results = analyse(session, consultation, Filters())
    assert total == 6
    by_id = {r.question.id: r for r in results}
    assert by_id[better.id].shown == 2
    assert by_id[better.id].answered == 1
    floor = by_id[asked_central.id]
    assert floor.shown == 2
    assert floor.rows == [
        ("Ground", "Ground", 0, 0.0),
        ("First", "First", 1, 50.0),
        ("", None, 1, 50.0),
    ]
    assert by_id[card.id].shown == 6

    sign_in("viewer")
    page = BeautifulSoup(
        client.get(f"/admin/consultations/{consultation.id}/analysis?group_by=respondent").text,
        "html.parser",
    )
    assert "asked of 2 people, because of an earlier answer" in page.text
    heads = [
        th.get_text(" ", strip=True)
        for th in page.select(f"#cross-tab-{asked_central.id} thead th")
    ]
    # Per group, only those asked: one individual and one organisation chose Central.
    assert heads[1:] == [
        "As an individual 1 response",
        "On behalf of an organisation 1 response",
        "Young people 0 responses",
    ]


def test_a_copy_keeps_its_conditions_on_its_own_questions(
    client, session, sign_in, make_consultation
):
    source = _routed(session, make_consultation, published=False)
    sign_in("commissioner")
    post_form(client, f"/admin/consultations/{source.id}/copy", {})
    copy = next(c for c in session.scalars(select(type(source))) if c.id != source.id)
    library, better, _card = copy.questions
    assert better.show_if_id == library.id
    assert better.show_if_answer == "Marsh Lane"
