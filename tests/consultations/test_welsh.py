"""Consultations in Welsh: staff write both languages, readers get theirs,
and answers given in Welsh are counted with English ones."""

from __future__ import annotations

from sqlalchemy import select

from app.consultations.analysis import Filters, analyse
from app.consultations.exports import responses_csv
from app.consultations.models import Consultation, ConsultationQuestion, ConsultationResponse
from app.consultations.services import update_question
from app.core.outbox.models import OutboxMessage
from tests.conftest import post_form
from tests.consultations.conftest import QUESTIONS
from tests.consultations.test_respond import answer_everything, post, submit

WELSH_OPTIONS = {
    "single": ["Canolog", "Hollinsby", "Lôn y Gors"],
    "multiple": ["Boreau yn ystod yr wythnos", "Nosweithiau yn ystod yr wythnos", "Dydd Sadwrn"],
    "ranking": ["Llyfrau", "Cyfrifiaduron", "Digwyddiadau"],
}


def welsh_questions():
    questions = []
    for values in QUESTIONS:
        values = dict(values)
        values["text_cy"] = "Cwestiwn: " + values["text"]
        if values["kind"] in WELSH_OPTIONS:
            values["choices_cy"] = WELSH_OPTIONS[values["kind"]]
        questions.append(values)
    return questions


def test_options_keep_their_keys_and_carry_welsh_words(make_consultation):
    consultation = make_consultation(questions=welsh_questions())
    single = next(q for q in consultation.questions if q.kind == "single")
    assert single.options[0] == {"key": "Central", "en": "Central", "cy": "Canolog"}
    assert single.option_label("Central", "cy") == "Canolog"
    assert single.option_label("Central", "en") == "Central"
    assert not single.options_need_welsh
    assert single.welsh_missing == []


def test_an_option_without_welsh_is_listed_for_the_translator(session, make_consultation):
    consultation = make_consultation()  # English only
    single = next(q for q in consultation.questions if q.kind == "single")
    assert single.options_need_welsh
    assert "choices" in single.welsh_missing
    needing = set(
        session.scalars(select(ConsultationQuestion.id).where(ConsultationQuestion.needs_welsh()))
    )
    assert single.id in needing


def test_welsh_for_options_can_be_added_after_people_have_answered(
    client, session, make_consultation
):
    consultation = make_consultation()
    base = answer_everything(client, consultation)
    submit(client, base)
    single = next(q for q in consultation.questions if q.kind == "single")
    data = {
        name: getattr(single, name)
        for name in ("kind", "text", "help_text", "required", "max_length", "page")
    }
    data.update(
        young_text="",
        young_help_text="",
        choices=[o["en"] for o in single.options],
        choices_cy=WELSH_OPTIONS["single"],
    )
    assert "choices" in update_question(session, single, data)
    assert [o["key"] for o in single.options] == ["Central", "Hollinsby", "Marsh Lane"]
    assert single.options[2]["cy"] == "Lôn y Gors"
    assert not single.options_need_welsh


def test_a_welsh_answer_and_an_english_answer_to_the_same_option_count_together(
    app, client, session, make_consultation
):
    consultation = make_consultation(questions=welsh_questions())
    english = app.test_client()
    submit(english, answer_everything(english, consultation))

    welsh = app.test_client()
    welsh.set_cookie("language", "cy", domain="localhost")
    submit(welsh, answer_everything(welsh, consultation))
    locales = sorted(r.locale for r in session.scalars(select(ConsultationResponse)))
    assert locales == ["cy", "en"]

    total, results = analyse(session, consultation, Filters())
    assert total == 2
    by_kind = {result.question.kind: result for result in results}
    single = {row[0]: row[2] for row in by_kind["single"].rows if row[0]}
    assert single["Hollinsby"] == 2
    assert single["Central"] == 0
    multiple = {row[0]: (row[1], row[2]) for row in by_kind["multiple"].rows if row[0]}
    assert multiple["Saturdays"] == ("Saturdays", 2)
    ranking = {row[0]: row[2] for row in by_kind["ranking"].rows}
    assert ranking["Computers"] == 2  # both put it first

    with app.test_request_context():
        exported = responses_csv(session, consultation, Filters())
    # Staff read every answer in English, whichever language it was given in.
    assert exported.count("Weekday evenings; Saturdays") == 2
    assert "Dydd Sadwrn" not in exported


# ---------------------------------------------------------------------------
# Staff write both languages side by side
# ---------------------------------------------------------------------------


def test_staff_write_a_consultation_in_english_and_welsh(sign_in, client, session, area):
    from tests.consultations.test_admin import FORM

    sign_in("commissioner")
    form_page = client.get("/admin/consultations/new").text
    assert 'name="title_cy"' in form_page
    assert 'lang="cy"' in form_page
    data = {
        **FORM,
        "service_area_id": str(area.id),
        "title_cy": "Oriau agor y ganolfan ieuenctid",
        "summary_cy": "A ddylai’r canolfannau ieuenctid agor yn hwyrach ar nos Wener?",
        "background_html_cy": "<p>Darllenwch <b>hwn</b>.</p><script>x()</script>",
        "young_people_intro_cy": "Dywedwch wrthon ni pryd rydych chi eisiau dod.",
    }
    assert post_form(client, "/admin/consultations/new", data).status_code == 302
    consultation = session.scalar(select(Consultation))
    assert consultation.title_cy == "Oriau agor y ganolfan ieuenctid"
    assert consultation.background_html_cy == "<p>Darllenwch <b>hwn</b>.</p>"
    assert consultation.young_people_intro_cy.startswith("Dywedwch")
    assert consultation.welsh_changed_at is not None
    # The Welsh title finds it in the public search too.
    assert "ieuenctid" in consultation.search_text


def test_the_welsh_may_be_left_for_later(sign_in, client, session, area):
    from tests.consultations.test_admin import FORM

    sign_in("commissioner")
    data = {**FORM, "service_area_id": str(area.id)}
    assert post_form(client, "/admin/consultations/new", data).status_code == 302
    consultation = session.scalar(select(Consultation))
    assert consultation.title_cy == ""
    assert "title" in consultation.welsh_missing
    assert consultation.id in set(
        session.scalars(select(Consultation.id).where(Consultation.needs_welsh()))
    )


def test_staff_write_a_questions_welsh_and_options_side_by_side(
    sign_in, client, session, make_consultation
):
    consultation = make_consultation(published=False)
    sign_in("commissioner")
    single = next(q for q in consultation.questions if q.kind == "single")
    url = f"/admin/consultations/{consultation.id}/questions/{single.id}"
    form = {
        "kind": "single",
        "text": single.text,
        "text_cy": "Pa lyfrgell ydych chi’n ei defnyddio fwyaf?",
        "required": "no",
        "page": "1",
        "choices": "Central\nHollinsby\nMarsh Lane",
        "young_text": "Which library do you go to?",
        "young_text_cy": "I ba lyfrgell rydych chi’n mynd?",
    }
    uneven = post_form(client, url, {**form, "choices_cy": "Canolog\nHollinsby"})
    assert uneven.status_code == 400
    assert "one Welsh option for each English option" in uneven.text
    saved = post_form(client, url, {**form, "choices_cy": "Canolog\nHollinsby\nLôn y Gors"})
    assert saved.status_code == 302
    session.expire_all()
    single = session.get(ConsultationQuestion, single.id)
    assert single.text_cy.startswith("Pa lyfrgell")
    assert single.young_text_cy.startswith("I ba lyfrgell")
    assert [o["cy"] for o in single.options] == ["Canolog", "Hollinsby", "Lôn y Gors"]
    # The form shows what was saved, English beside Welsh.
    again = client.get(url).text
    assert "Lôn y Gors" in again
    assert "I ba lyfrgell" in again


def test_staff_give_a_document_a_welsh_title(sign_in, client, session, make_consultation):
    from app.consultations.documents import add_document
    from app.consultations.models import ConsultationDocument
    from tests.consultations.test_documents import PDF

    consultation = make_consultation()
    document = add_document(session, consultation, "Full proposal", "proposal.pdf", PDF)
    session.commit()
    sign_in("commissioner")
    url = f"/admin/consultations/{consultation.id}/documents/{document.id}/edit"
    assert post_form(client, url, {"title": ""}).status_code == 400
    done = post_form(client, url, {"title": "Full proposal", "title_cy": "Y cynnig llawn"})
    assert done.status_code == 302
    session.expire_all()
    assert session.get(ConsultationDocument, document.id).title_cy == "Y cynnig llawn"
    assert "Y cynnig llawn" in client.get(f"/admin/consultations/{consultation.id}/documents").text


def test_staff_publish_the_outcome_in_welsh_too(client, session, sign_in, make_consultation):
    from tests.consultations.test_outcome_and_phrases import OUTCOME, _closed

    consultation = _closed(make_consultation)
    sign_in("commissioner")
    url = f"/admin/consultations/{consultation.id}/outcome"
    welsh = {
        "outcome_asked_cy": "Pryd y dylai llyfrgelloedd agor.",
        "outcome_said_cy": "Roedd y rhan fwyaf eisiau dydd Sadwrn hirach.",
        "outcome_did_cy": "Mae oriau dydd Sadwrn yn hirach o fis Ebrill.",
        "outcome_young_summary_cy": "Gofynnoch chi am fwy o amser ar y penwythnos. Dywedon ni ie.",
    }
    assert post_form(client, url, {**OUTCOME, **welsh}).status_code == 302
    session.expire_all()
    consultation = session.get(Consultation, consultation.id)
    assert consultation.outcome_did_cy.startswith("Mae oriau")
    assert consultation.outcome_next_cy == ""
    assert "outcome_next" in consultation.welsh_missing


# ---------------------------------------------------------------------------
# Readers get their language; English shown to Welsh readers is marked
# ---------------------------------------------------------------------------

NOTE = "app-welsh-note"

WELSH_CONSULTATION = {
    "title_cy": "Newidiadau i oriau agor llyfrgelloedd",
    "summary_cy": "Rydyn ni’n cynnig agor llyfrgelloedd cangen yn hwyrach.",
    "background_html_cy": "<p>Mae ymweliadau wedi <strong>newid</strong>.</p>",
    "young_people_intro_cy": "Rydyn ni eisiau gwybod pryd rydych chi’n mynd i’r llyfrgell.",
}


def welsh_reader(app):
    client = app.test_client()
    client.set_cookie("language", "cy", domain="localhost")
    return client


def fully_welsh_questions():
    questions = welsh_questions()
    for values in questions:
        if values.get("young_text"):
            values["young_text_cy"] = "Plant: " + values["young_text"]
    return questions


def test_a_welsh_reader_sees_the_consultation_in_welsh_with_no_note(app, make_consultation):
    consultation = make_consultation(questions=fully_welsh_questions(), **WELSH_CONSULTATION)
    page = welsh_reader(app).get(f"/consultations/{consultation.slug}").text
    assert '<h1 class="govuk-heading-l">Newidiadau i oriau agor llyfrgelloedd</h1>' in page
    assert "Rydyn ni’n cynnig agor" in page
    assert "Mae ymweliadau wedi <strong>newid</strong>" in page
    assert "Changes to library opening hours" not in page
    assert NOTE not in page
    listing = welsh_reader(app).get("/consultations/").text
    assert "Newidiadau i oriau agor llyfrgelloedd" in listing
    assert NOTE not in listing
    # English readers never see the Welsh.
    english = app.test_client().get(f"/consultations/{consultation.slug}").text
    assert "Changes to library opening hours" in english
    assert "Newidiadau" not in english


def test_english_only_words_are_marked_for_a_welsh_reader_with_one_note(app, make_consultation):
    consultation = make_consultation()  # nothing in Welsh yet
    page = welsh_reader(app).get(f"/consultations/{consultation.slug}").text
    heading = '<h1 class="govuk-heading-l"><span lang="en">Changes to library opening hours'
    assert heading in page
    assert page.count(NOTE) == 1
    listing = welsh_reader(app).get("/consultations/").text
    assert 'lang="en">Changes to library opening hours</a>' in listing
    assert listing.count(NOTE) == 1
    # English readers get neither the mark nor the note.
    english = app.test_client().get(f"/consultations/{consultation.slug}").text
    assert NOTE not in english
    assert '<span lang="en">Changes' not in english


def test_the_adult_form_asks_in_welsh_and_marks_an_english_only_question(
    app, session, make_consultation
):
    questions = welsh_questions()
    questions[1] = dict(questions[1], text_cy="", choices_cy=[])  # single: English only
    consultation = make_consultation(questions=questions, **WELSH_CONSULTATION)
    client = welsh_reader(app)
    base = answer_everything(client, consultation)
    first = client.get(f"{base}/questions/1").text
    assert "Cwestiwn: Do you agree with the proposed opening hours?" in first
    assert '<span lang="en">Which library do you use most?</span>' in first
    assert '<span lang="en">Hollinsby</span>' in first
    assert first.count(NOTE) == 1
    second = client.get(f"{base}/questions/2").text
    assert "Dydd Sadwrn" in second
    assert "Cyfrifiaduron" in second
    assert NOTE not in second
    check = client.get(f"{base}/check").text
    assert "Nosweithiau yn ystod yr wythnos; Dydd Sadwrn" in check
    assert "1. Cyfrifiaduron; 2. Llyfrau; 3. Digwyddiadau" in check
    assert 'lang="en">Which library do you use most?' in check
    assert check.count(NOTE) == 1
    submit(client, base)
    email = session.scalar(select(OutboxMessage))
    assert email.locale == "cy"
    assert "Newidiadau i oriau agor llyfrgelloedd" in email.body_text
    assert "Changes to library opening hours" not in email.body_text


def test_an_english_readers_email_keeps_the_english_title(app, session, make_consultation):
    consultation = make_consultation(**WELSH_CONSULTATION)
    client = app.test_client()
    submit(client, answer_everything(client, consultation))
    email = session.scalar(select(OutboxMessage))
    assert "Changes to library opening hours" in email.body_text
    assert "Newidiadau" not in email.body_text


def test_the_young_peoples_form_in_welsh(app, make_consultation):
    consultation = make_consultation(questions=fully_welsh_questions(), **WELSH_CONSULTATION)
    client = welsh_reader(app)
    base = f"/consultations/{consultation.slug}/young-people"
    start = client.get(base).text
    assert "Rydyn ni eisiau gwybod pryd" in start
    assert NOTE not in start
    post(client, base, {"age_band": "14_15"})
    first = client.get(f"{base}/questions/1").text
    assert "Plant: Do you like the new library times?" in first
    assert NOTE not in first
    assert 'lang="en"' not in first.split("<main", 1)[1]


def test_a_young_person_reading_welsh_gets_the_adult_welsh_before_english_plain_words(
    app, make_consultation
):
    consultation = make_consultation(questions=welsh_questions(), **WELSH_CONSULTATION)
    client = welsh_reader(app)
    base = f"/consultations/{consultation.slug}/young-people"
    post(client, base, {"age_band": "14_15"})
    first = client.get(f"{base}/questions/1").text
    assert "Cwestiwn: Do you agree with the proposed opening hours?" in first
    assert NOTE not in first


def test_the_outcome_in_welsh(app, client, session, make_consultation):
    from app.consultations.services import publish_outcome
    from tests.consultations.test_outcome_and_phrases import _closed

    consultation = _closed(make_consultation)
    consultation.title_cy = "Newidiadau i oriau agor llyfrgelloedd"
    publish_outcome(
        session,
        consultation,
        {
            "outcome_asked": "When libraries should open.",
            "outcome_asked_cy": "Pryd y dylai llyfrgelloedd agor.",
            "outcome_said": "Longer Saturdays.",
            "outcome_said_cy": "Dydd Sadwrn hirach.",
            "outcome_did": "Saturday hours are longer.",
            "outcome_young_summary": "We said yes.",
            "outcome_young_summary_cy": "Dywedon ni ie.",
            "response_count": 5,
        },
    )
    session.commit()
    page = welsh_reader(app).get(f"/consultations/{consultation.slug}/outcome").text
    assert "Pryd y dylai llyfrgelloedd agor." in page
    assert "Dywedon ni ie." in page
    assert 'lang="en">Saturday hours are longer.</p>' in page
    assert page.count(NOTE) == 1
