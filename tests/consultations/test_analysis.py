"""Staff read what people said: counts, percentages, free text with themes,
filters, and downloads of every response."""

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.consultations.models import ConsultationResponse
from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.inbox.models import InboxItem
from app.inbox.services import add_tags
from tests.consultations.test_respond import answer_everything, submit
from tests.consultations.test_young_people import respond_as_young_person


def _respond_three_times(app, make_consultation):
    consultation = make_consultation()
    for about in (
        {"respondent_type": "individual", "email": "a@example.com"},
        {"respondent_type": "organisation", "organisation_name": "=HYPERLINK(1)"},
    ):
        public = app.test_client()
        submit(public, answer_everything(public, consultation, about))
    respond_as_young_person(app.test_client(), consultation)
    return consultation


def test_the_analysis_counts_choices_and_lists_free_text_with_themes(
    app, client, session, sign_in, make_consultation
):
    consultation = _respond_three_times(app, make_consultation)
    young = session.scalar(select(InboxItem).where(InboxItem.kind == "young_people_response"))
    add_tags(session, young, ["saturdays"])
    session.commit()
    sign_in("viewer")
    page = client.get(f"/admin/consultations/{consultation.id}/analysis").text
    assert "3 responses" in page
    # Two adults and the young person all agreed: 3 of 3 is 100%.
    assert "100.0%" in page
    assert "Please keep Saturday mornings." in page
    assert "I like reading on Saturdays" in page
    assert "saturdays" in page
    assert 'role="img"' in page

    adults = client.get(f"/admin/consultations/{consultation.id}/analysis?version=adult").text
    assert "2 responses" in adults
    assert "I like reading on Saturdays" not in adults
    groups = client.get(
        f"/admin/consultations/{consultation.id}/analysis?respondent=organisation"
    ).text
    assert "1 response" in groups
    tomorrow = (utcnow() + timedelta(days=2)).date()
    later = client.get(
        f"/admin/consultations/{consultation.id}/analysis"
        f"?date_from={tomorrow.day}&date_from={tomorrow.month}&date_from={tomorrow.year}"
    ).text
    assert "0 responses" in later


def test_a_bad_date_filter_is_explained_not_a_crash(client, sign_in, make_consultation):
    consultation = make_consultation()
    sign_in("viewer")
    response = client.get(
        f"/admin/consultations/{consultation.id}/analysis?date_from=31&date_from=2&date_from=2026"
    )
    assert response.status_code == 400
    assert "must be a real date" in response.text


def test_the_analysis_costs_the_same_queries_however_many_respond(
    app, client, sign_in, make_consultation, count_queries
):
    consultation = make_consultation()
    sign_in("viewer")
    url = f"/admin/consultations/{consultation.id}/analysis"
    public = app.test_client()
    submit(public, answer_everything(public, consultation))
    few = count_queries(lambda: client.get(url)).count
    for _number in range(3):
        public = app.test_client()
        submit(public, answer_everything(public, consultation))
    assert count_queries(lambda: client.get(url)).count == few


def test_exports_hold_every_response_defused_and_are_audited(
    app, client, session, sign_in, make_consultation
):
    consultation = _respond_three_times(app, make_consultation)
    sign_in("viewer")
    csv_text = client.get(f"/admin/consultations/{consultation.id}/responses.csv").text
    lines = csv_text.strip().splitlines()
    assert len(lines) == 4
    assert "Do you agree with the proposed opening hours?" in lines[0]
    assert "'=HYPERLINK(1)" in csv_text
    references = set(session.scalars(select(ConsultationResponse.reference)))
    assert all(reference in csv_text for reference in references)

    xlsx = client.get(f"/admin/consultations/{consultation.id}/responses.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 4
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("consultation.export") == 2


def test_equality_totals_hide_small_numbers_and_are_never_exported_one_by_one(
    app, client, sign_in, make_consultation
):
    consultation = make_consultation()
    for number in range(6):
        public = app.test_client()
        equality = {"sex": "female" if number < 5 else "male", "carer": "yes"}
        submit(public, answer_everything(public, consultation, equality=equality))
    sign_in("viewer")
    page = client.get(f"/admin/consultations/{consultation.id}/analysis").text
    assert "fewer than 5" in page
    totals = client.get(f"/admin/consultations/{consultation.id}/equality.csv").text
    assert "What is your sex?,Female,5" in totals
    assert "What is your sex?,Male,fewer than 5" in totals
    assert "What is your sex?,Prefer not to say,0" in totals
    responses = client.get(f"/admin/consultations/{consultation.id}/responses.csv").text
    assert "Female" not in responses
    assert "sex" not in responses.lower()


def test_many_identical_answers_are_each_counted(session, make_consultation):
    """Identical answers are counted together by the database: three adults
    ranking the same way and one differently, young people picking, several
    ticking the same boxes, each counted as many times as it was given."""
    from app.consultations.analysis import Filters, analyse
    from app.consultations.models import ConsultationAnswer

    consultation = make_consultation()
    q = {question.kind: question for question in consultation.questions}
    keys = {kind: [o["key"] for o in q[kind].options] for kind in ("single", "multiple", "ranking")}
    books, computers, events = keys["ranking"]
    given = [
        ("adult", {"single": keys["single"][1], "ranking": [books, computers, events],
                   "multiple": keys["multiple"][:2], "yes_no": "yes"}),
        ("adult", {"single": keys["single"][1], "ranking": [books, computers, events],
                   "multiple": keys["multiple"][:2], "yes_no": "yes"}),
        ("adult", {"single": keys["single"][1], "ranking": [books, computers, events],
                   "yes_no": "no"}),
        ("adult", {"single": keys["single"][0], "ranking": [computers, books, events]}),
        ("young_people", {"ranking": [events, books]}),
        ("young_people", {"ranking": [events, books], "multiple": keys["multiple"][:2]}),
    ]  # fmt: skip
    for number, (version, answers) in enumerate(given):
        response = ConsultationResponse(
            consultation_id=consultation.id,
            reference=f"CON-2026-T{number:05d}",
            version=version,
            respondent_type="individual" if version == "adult" else None,
            submission_key=f"analysis-test-{number}",
        )
        response.answers = [
            ConsultationAnswer(question_id=q[kind].id, value=value)
            for kind, value in answers.items()
        ]
        session.add(response)
    session.commit()

    total, results = analyse(session, consultation, Filters())
    by_kind = {result.question.kind: result for result in results}
    assert total == 6
    single = {row[0]: row[2] for row in by_kind["single"].rows}
    assert single == {keys["single"][0]: 1, keys["single"][1]: 3, keys["single"][2]: 0, "": 2}
    ticked = {row[0]: row[2] for row in by_kind["multiple"].rows}
    assert ticked[keys["multiple"][0]] == 3
    assert ticked[keys["multiple"][1]] == 3
    assert ticked[keys["multiple"][2]] == 0
    assert by_kind["multiple"].answered == 3
    yes_no = {row[0]: row[2] for row in by_kind["yes_no"].rows}
    assert (yes_no["yes"], yes_no["no"], yes_no[""]) == (2, 1, 3)
    # (key, label, first, percent of 6, average rank among 4 adults, young picks)
    ranking = {row[0]: row for row in by_kind["ranking"].rows}
    assert ranking[books][2:] == (3, 50.0, 1.2, 2)  # (1+1+1+2) / 4 = 1.25
    assert ranking[computers][2:] == (1, 16.7, 1.8, 0)  # (2+2+2+1) / 4 = 1.75
    assert ranking[events][2:] == (0, 0.0, 3.0, 2)
