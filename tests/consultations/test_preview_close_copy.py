"""Staff preview a draft as the public will see it, close an open
consultation early, and start a new draft by copying an earlier one."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.consultations.documents import add_document
from app.consultations.models import Consultation, ConsultationResponse
from app.consultations.services import update_question
from app.core.audit import AuditEvent
from app.core.db import utcnow
from app.core.models import ServiceArea
from tests.conftest import csrf_token, post_form
from tests.consultations.test_documents import PDF
from tests.consultations.test_respond import answer_everything, submit


@pytest.fixture
def housing(session):
    found = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(found)
    session.commit()
    return found


def _welsh_draft(session, make_consultation):
    draft = make_consultation(published=False)
    draft.title_cy = "Newidiadau i oriau agor llyfrgelloedd"
    draft.summary_cy = "Rydym yn cynnig agor llyfrgelloedd yn hwyrach."
    single = next(q for q in draft.questions if q.kind == "single")
    update_question(
        session,
        single,
        {
            "kind": "single",
            "text": single.text,
            "text_cy": "Pa lyfrgell ydych chi'n ei defnyddio fwyaf?",
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
    return draft


# ---------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------


def test_a_draft_is_previewed_with_a_banner_and_nothing_to_send(
    client, session, sign_in, make_consultation
):
    draft = _welsh_draft(session, make_consultation)
    # The public cannot see a draft at all.
    assert client.get(f"/consultations/{draft.slug}").status_code == 404
    sign_in("viewer")
    show = client.get(f"/admin/consultations/{draft.id}").text
    assert f"/admin/consultations/{draft.id}/preview" in show

    response = client.get(f"/admin/consultations/{draft.id}/preview")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert "Preview — not published" in page.select_one("#preview-banner").text
    main = page.select_one("main")
    assert main.h1.text.strip() == "Changes to library opening hours"
    # Every question of the adult version, on its page, as people will see it.
    for question in draft.questions:
        assert question.text in main.text
    assert "Page 3 of 3" in main.text
    assert main.select(f'input[name="q{draft.questions[1].id}"][value="Hollinsby"]')
    # Nothing can be sent: no form in the page's main part, no submit button,
    # and every "respond" link stays on the preview.
    assert main.select("form") == []
    assert main.select('button[type="submit"], input[type="submit"]') == []
    links = [a["href"] for a in main.select("a[href]")]
    assert not any(f"/consultations/{draft.slug}/respond" in href for href in links)
    assert "#preview-questions" in links
    # A preview is only ever read.
    assert client.post(f"/admin/consultations/{draft.id}/preview").status_code in (400, 405)


def test_the_preview_is_shown_in_welsh_and_as_the_young_peoples_version(
    client, session, sign_in, make_consultation
):
    draft = _welsh_draft(session, make_consultation)
    sign_in("viewer")
    welsh = client.get(f"/admin/consultations/{draft.id}/preview?lang=cy").text
    assert "Newidiadau i oriau agor llyfrgelloedd" in welsh
    assert "Lôn y Gors" in welsh
    assert "Pa lyfrgell" in welsh
    assert "Rhagolwg" in welsh  # the banner in Welsh
    assert "Preview in English" in welsh

    young = client.get(f"/admin/consultations/{draft.id}/preview?version=young_people").text
    assert "Do you like the new library times?" in young
    assert "Question 6 of 6" in young
    assert "Preview the adult version" in young


def test_a_draft_with_no_young_peoples_version_previews_the_adult_one(
    client, sign_in, make_consultation
):
    draft = make_consultation(published=False, young_people_version=False)
    sign_in("viewer")
    page = client.get(f"/admin/consultations/{draft.id}/preview?version=young_people").text
    assert "Do you like the new library times?" not in page
    assert "Do you agree with the proposed opening hours?" in page


def test_the_preview_is_for_staff_in_the_consultations_area_only(
    app, client, session, sign_in, make_consultation, housing, area
):
    draft = make_consultation(published=False)
    anonymous = app.test_client().get(f"/admin/consultations/{draft.id}/preview")
    assert anonymous.status_code == 302
    assert "/sign-in" in anonymous.headers["Location"]
    user = sign_in("commissioner")
    user.service_areas = [housing]
    session.commit()
    assert client.get(f"/admin/consultations/{draft.id}/preview").status_code == 404
    user.service_areas = [area]
    session.commit()
    assert client.get(f"/admin/consultations/{draft.id}/preview").status_code == 200


# ---------------------------------------------------------------------------
# Close now
# ---------------------------------------------------------------------------


def test_closing_now_says_what_happens_then_stops_responses_at_once(
    app, client, session, sign_in, make_consultation
):
    consultation = make_consultation()
    # Someone is part way through when staff close it.
    public = app.test_client()
    base = answer_everything(public, consultation)
    check = public.get(f"{base}/check").text
    key = check.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    left_open = {"csrf_token": csrf_token(check), "submission_key": key}

    sign_in("commissioner")
    show = client.get(f"/admin/consultations/{consultation.id}").text
    assert f"/admin/consultations/{consultation.id}/close" in show
    confirm = client.get(f"/admin/consultations/{consultation.id}/close").text
    assert "Close this consultation now?" in confirm
    assert "The form stops taking responses at once" in confirm
    assert "The 0 responses already sent are kept." in confirm

    before = utcnow()
    closed = post_form(client, f"/admin/consultations/{consultation.id}/close", {})
    assert closed.status_code == 303
    session.refresh(consultation)
    assert before <= consultation.closes_at <= utcnow()
    assert consultation.closes_at.utcoffset() == timedelta(0)
    assert consultation.status == "closed"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.close"))
    assert event is not None
    assert event.object_ref == consultation.slug

    # The public page says closed, and the answers part way through go nowhere.
    public_page = public.get(f"/consultations/{consultation.slug}").text
    assert "This consultation has closed." in public_page
    sent = public.post(f"{base}/check", data=left_open)
    assert sent.status_code == 409
    assert "closed" in sent.text
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 0


def test_only_an_open_consultation_can_be_closed_early(client, session, sign_in, make_consultation):
    draft = make_consultation(published=False, title="Draft one")
    forthcoming = make_consultation(
        title="Later one",
        opens_at=utcnow() + timedelta(days=3),
        closes_at=utcnow() + timedelta(days=30),
    )
    sign_in("commissioner")
    for consultation in (draft, forthcoming):
        closes_at = consultation.closes_at
        assert (
            f"/{consultation.id}/close"
            not in client.get(f"/admin/consultations/{consultation.id}").text
        )
        refused = client.get(f"/admin/consultations/{consultation.id}/close")
        assert refused.status_code == 302
        session.refresh(consultation)
        assert consultation.closes_at == closes_at
    closes = select(AuditEvent).where(AuditEvent.action == "consultation.close")
    assert session.scalar(closes) is None


def test_a_viewer_cannot_close_a_consultation(client, session, sign_in, make_consultation):
    consultation = make_consultation()
    sign_in("viewer")
    assert client.get(f"/admin/consultations/{consultation.id}/close").status_code == 403
    assert consultation.status == "open"


# ---------------------------------------------------------------------------
# Copy
# ---------------------------------------------------------------------------


def test_a_copy_is_a_new_draft_with_the_questions_and_welsh_but_no_responses(
    app, client, session, sign_in, make_consultation
):
    source = _welsh_draft(session, make_consultation)
    source.published = True
    source.plan_slugs = ["library-services"]
    session.commit()
    public = app.test_client()
    submit(public, answer_everything(public, source))
    assert session.scalar(select(func.count(ConsultationResponse.id))) == 1

    sign_in("commissioner")
    page = client.get(f"/admin/consultations/{source.id}/copy").text
    assert "Copy this consultation as a new draft" in page
    assert 'name="with_documents"' not in page  # it has no documents
    made = post_form(client, f"/admin/consultations/{source.id}/copy", {})
    assert made.status_code == 303
    copy = session.scalar(select(Consultation).where(Consultation.id != source.id))
    assert made.headers["Location"].endswith(f"/admin/consultations/{copy.id}")
    assert copy.title == "Copy of Changes to library opening hours"
    assert copy.title_cy == "Copi o Newidiadau i oriau agor llyfrgelloedd"
    assert copy.slug == "copy-of-changes-to-library-opening-hours"
    assert copy.published is False
    assert copy.summary_cy == source.summary_cy
    assert copy.plan_slugs == ["library-services"]
    assert copy.young_people_version is True
    assert copy.opens_at > utcnow()
    assert copy.closes_at - copy.opens_at == source.closes_at - source.opens_at
    assert [(q.kind, q.text, q.page, q.young_text) for q in copy.questions] == [
        (q.kind, q.text, q.page, q.young_text) for q in source.questions
    ]
    single = next(q for q in copy.questions if q.kind == "single")
    assert single.options == next(q for q in source.questions if q.kind == "single").options
    assert single.options[2] == {"key": "Marsh Lane", "en": "Marsh Lane", "cy": "Lôn y Gors"}
    assert {q.id for q in copy.questions}.isdisjoint({q.id for q in source.questions})
    # No responses came with it, so its questions can still be changed.
    assert (
        session.scalar(
            select(func.count(ConsultationResponse.id)).where(
                ConsultationResponse.consultation_id == copy.id
            )
        )
        == 0
    )
    assert "Remove" in client.get(made.headers["Location"]).text
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.copy"))
    assert event.object_ref == copy.slug
    assert event.details["from"] == source.id


def test_documents_are_copied_only_when_asked_and_a_long_title_still_fits(
    client, session, sign_in, make_consultation
):
    source = make_consultation(title="T" * 200)
    add_document(session, source, "Proposal", "proposal.pdf", PDF)
    session.commit()
    sign_in("commissioner")
    page = client.get(f"/admin/consultations/{source.id}/copy").text
    assert "It has 1 document." in page
    post_form(client, f"/admin/consultations/{source.id}/copy", {})
    post_form(client, f"/admin/consultations/{source.id}/copy", {"with_documents": "y"})
    without, with_documents = session.scalars(
        select(Consultation).where(Consultation.id != source.id).order_by(Consultation.id)
    ).all()
    assert without.documents == []
    assert [(d.title, d.content) for d in with_documents.documents] == [("Proposal", PDF)]
    assert len(without.title) == 200
    assert without.title.startswith("Copy of TTT")
    assert without.slug != with_documents.slug
    assert source.documents[0].consultation_id == source.id


def test_only_commissioners_in_the_area_copy(client, session, sign_in, make_consultation, housing):
    source = make_consultation()
    user = sign_in("viewer")
    assert client.get(f"/admin/consultations/{source.id}/copy").status_code == 403
    user.role = "commissioner"
    user.service_areas = [housing]
    session.commit()
    assert client.get(f"/admin/consultations/{source.id}/copy").status_code == 404
    assert session.scalar(select(func.count(Consultation.id))) == 1
