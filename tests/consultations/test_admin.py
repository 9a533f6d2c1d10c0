"""Staff make consultations and their questions under /admin/consultations."""

from datetime import UTC, datetime

from sqlalchemy import select

from app.consultations.models import Consultation
from app.core.audit import AuditEvent
from tests.conftest import post_form
from tests.consultations.test_respond import answer_everything, submit

FORM = {
    "title": "Youth centre opening hours",
    "summary": "Should the youth centres open later on Fridays?",
    "background_html": '<p>Read <a href="https://example.com">this</a>.</p><script>x()</script>',
    "opens_on": ["1", "7", "2026"],
    "opens_time": "9am",
    "closes_on": ["30", "9", "2026"],
    "closes_time": "23:59",
    "contact_name": "Youth service",
    "contact_email": "Youth@Elmsworth.gov.example",
    "postal_address": "",
    "plan_slugs": "",
    "young_people_intro": "Tell us when you want to come.",
    "young_people_version": "y",
}


def test_a_commissioner_adds_a_consultation_with_london_times(sign_in, client, session, area):
    sign_in("commissioner")
    response = post_form(
        client, "/admin/consultations/new", {**FORM, "service_area_id": str(area.id)}
    )
    assert response.status_code == 302, response.text
    consultation = session.scalar(select(Consultation))
    assert consultation.slug == "youth-centre-opening-hours"
    assert consultation.published is False
    # 09:00 in British Summer Time is 08:00 UTC.
    assert consultation.opens_at == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert consultation.closes_at == datetime(2026, 9, 30, 22, 59, tzinfo=UTC)
    assert "<script>" not in consultation.background_html
    assert consultation.contact_email == "youth@elmsworth.gov.example"
    assert consultation.young_people_version is True
    assert "consultation.create" in session.scalars(select(AuditEvent.action)).all()
    page = client.get(response.headers["Location"]).text
    assert "Draft" in page
    assert "No questions yet." in page


def test_the_form_explains_every_mistake(sign_in, client, area):
    sign_in("commissioner")
    response = post_form(
        client,
        "/admin/consultations/new",
        {
            **FORM,
            "title": "",
            "service_area_id": "999",
            "opens_time": "25:00",
            "closes_on": ["1", "6", "2026"],
        },
    )
    assert response.status_code == 400
    for message in (
        "Enter a title",
        "Select one of the options",
        "must be a time, like 09:00 or 17:30",
    ):
        assert message in response.text
    response = post_form(
        client,
        "/admin/consultations/new",
        {**FORM, "service_area_id": str(area.id), "closes_on": ["1", "6", "2026"]},
    )
    assert "The closing date must be after the opening date" in response.text


def test_questions_are_added_reordered_and_removed(sign_in, client, session, make_consultation):
    sign_in("commissioner")
    consultation = make_consultation(published=False, questions=[])
    base = f"/admin/consultations/{consultation.id}"
    for text, page in (("First?", "1"), ("Second?", "1"), ("Third?", "2")):
        added = post_form(
            client,
            f"{base}/questions/new",
            {"kind": "free_text", "text": text, "required": "no", "page": page},
        )
        assert added.status_code == 302, added.text
    session.expire_all()
    first, _second, third = consultation.questions
    assert [q.text for q in consultation.questions] == ["First?", "Second?", "Third?"]

    post_form(client, f"{base}/questions/{third.id}/move", {"direction": "up"}, form_url=base)
    session.expire_all()
    assert [q.text for q in consultation.questions] == ["First?", "Third?", "Second?"]
    assert third.page == 1  # moving across a page boundary takes it to that page

    post_form(client, f"{base}/questions/{first.id}/remove", {}, form_url=base)
    session.expire_all()
    assert [q.text for q in consultation.questions] == ["Third?", "Second?"]


def test_choice_questions_need_options(sign_in, client, make_consultation):
    sign_in("commissioner")
    consultation = make_consultation(published=False, questions=[])
    refused = post_form(
        client,
        f"/admin/consultations/{consultation.id}/questions/new",
        {"kind": "single", "text": "Which?", "required": "yes", "page": "1", "choices": "Only"},
    )
    assert refused.status_code == 400
    assert "Enter at least 2 options" in refused.text


def test_after_the_first_response_questions_are_locked(sign_in, client, session, make_consultation):
    consultation = make_consultation()
    public = client.application.test_client()
    submit(public, answer_everything(public, consultation))
    sign_in("commissioner")
    base = f"/admin/consultations/{consultation.id}"
    single = next(q for q in consultation.questions if q.kind == "single")

    changed_kind = post_form(
        client,
        f"{base}/questions/{single.id}",
        {
            "kind": "multiple",
            "text": single.text,
            "required": "no",
            "page": "1",
            "choices": "\n".join(o["en"] for o in single.options),
        },
    )
    assert changed_kind.status_code == 400
    assert "People have already answered this question" in changed_kind.text
    new_options = post_form(
        client,
        f"{base}/questions/{single.id}",
        {
            "kind": "single",
            "text": single.text,
            "required": "no",
            "page": "1",
            "choices": "Central\nSomewhere else",
        },
    )
    assert new_options.status_code == 400

    reworded = post_form(
        client,
        f"{base}/questions/{single.id}",
        {
            "kind": "single",
            "text": "Which library do you visit most often?",
            "required": "no",
            "page": "1",
            "choices": "\n".join(o["en"] for o in single.options),
        },
    )
    assert reworded.status_code == 302
    post_form(client, f"{base}/questions/{single.id}/remove", {}, form_url=base)
    session.expire_all()
    assert single in consultation.questions
    page = client.get(base).text
    assert "cannot be removed" in page
    assert "Remove<" not in page


def test_publishing_makes_it_public(sign_in, client, session, make_consultation):
    sign_in("commissioner")
    consultation = make_consultation(published=False)
    assert client.get(f"/consultations/{consultation.slug}").status_code == 404
    post_form(
        client,
        f"/admin/consultations/{consultation.id}/publish",
        {"action": "publish"},
        form_url=f"/admin/consultations/{consultation.id}",
    )
    assert client.get(f"/consultations/{consultation.slug}").status_code == 200


def test_a_viewer_reads_but_cannot_change(sign_in, client, make_consultation):
    consultation = make_consultation()
    sign_in("viewer")
    assert client.get("/admin/consultations/").status_code == 200
    page = client.get(f"/admin/consultations/{consultation.id}").text
    assert "Move up" not in page
    assert client.get(f"/admin/consultations/{consultation.id}/edit").status_code == 403


def test_the_staff_list_counts_responses_in_constant_queries(
    sign_in, client, make_consultation, count_queries
):
    sign_in("viewer")
    make_consultation(title="One")
    few = count_queries(lambda: client.get("/admin/consultations/")).count
    for number in range(5):
        make_consultation(title=f"Another {number}")
    assert count_queries(lambda: client.get("/admin/consultations/")).count == few


def test_a_commissioner_limited_to_other_areas_never_sees_the_consultation(
    sign_in, client, session, make_consultation
):
    from app.core.models import ServiceArea

    consultation = make_consultation(title="Youth centre opening hours")
    elsewhere = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(elsewhere)
    user = sign_in("commissioner")
    user.service_areas = [elsewhere]
    session.commit()
    assert "Youth centre opening hours" not in client.get("/admin/consultations/").text
    for path in ("", "/analysis", "/responses.csv", "/responses.xlsx"):
        response = client.get(f"/admin/consultations/{consultation.id}{path}")
        assert response.status_code == 404, path
