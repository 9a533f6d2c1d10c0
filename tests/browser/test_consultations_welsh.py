"""Consultations in Welsh in a real browser: the demo consultation and its
young people's form show the council's Welsh and are axe-clean; a question
staff wrote only in English is marked lang="en" under one Welsh note."""

from __future__ import annotations

import pytest

from tests.browser.test_consultations import SLUG, Checked, choose_first

pytestmark = pytest.mark.browser

ENGLISH_ONLY = "english-only-question-demo"

# Run inside `flask shell` against the live server's database.
ADD_CONSULTATION = """
from datetime import timedelta
from sqlalchemy import select
from app.core.db import db, utcnow
from app.core.models import ServiceArea
from app.consultations.models import Consultation
from app.consultations.services import add_question, create_consultation, set_published
SLUG = "english-only-question-demo"
if db.session.scalar(select(Consultation).where(Consultation.slug == SLUG)) is None:
    area = db.session.scalars(select(ServiceArea).order_by(ServiceArea.id)).first()
    c = create_consultation(db.session, dict(
        title="Street lighting at night", title_cy="Goleuadau stryd yn y nos",
        summary="Should street lights dim after midnight?",
        summary_cy="A ddylai goleuadau stryd bylu ar ôl hanner nos?",
        background_html="", service_area_id=area.id,
        opens_at=utcnow() - timedelta(days=1), closes_at=utcnow() + timedelta(days=3),
        contact_name="Highways", contact_email="highways@elmsworth.gov.example",
        postal_address="", young_people_version=True, young_people_intro="",
        plan_slugs=[]))
    c.slug = SLUG
    add_question(db.session, c, dict(kind="single", text="Which street do you live on?",
        help_text="", young_text="", young_help_text="", required=False, page=1,
        max_length=None, choices=["High Street", "Mill Lane"]))
    add_question(db.session, c, dict(kind="yes_no", text="Do you walk home after dark?",
        text_cy="Ydych chi’n cerdded adref ar ôl iddi dywyllu?", help_text="", young_text="",
        young_help_text="", required=False, page=2, max_length=None, choices=[]))
    set_published(db.session, c, True)
    db.session.commit()

print("consultation ready")
"""


def test_the_welsh_consultation_page_and_young_peoples_form_show_welsh(open_context):
    context, _journal = open_context("cy")
    page = context.new_page()
    checked = Checked(page)
    page.goto(f"/consultations/{SLUG}")
    checked.check()
    assert page.locator("h1").inner_text() == "Clybiau ieuenctid gyda’r nos ac ar benwythnosau"
    assert page.locator("h1 [lang=en]").count() == 0
    assert "Rydyn ni’n cynnig" in page.locator("#main-content").inner_text()

    page.goto(f"/consultations/{SLUG}/young-people")
    checked.check()
    main = page.locator("#main-content")
    assert "Efallai y byddwn ni’n newid y dyddiau" in main.inner_text()
    assert page.locator(".app-welsh-note").count() == 0
    choose_first(page, "age_band")
    checked.submit_with_enter()
    assert page.locator("h1").inner_text() == (
        "A ddylai rhai sesiynau clwb ieuenctid symud i ddydd Sadwrn?"
    )
    assert page.locator("#main-content [lang=en]").count() == 0
    page.goto(f"/consultations/{SLUG}/young-people/questions/2")
    checked.check()
    assert page.locator("label", has_text="Dydw i ddim yn gwybod").count() == 1
    assert checked.problems == []


def test_an_english_only_question_is_marked_for_a_welsh_reader(
    open_context, live_server, run_flask
):
    assert "consultation ready" in run_flask(live_server, "shell", stdin=ADD_CONSULTATION)
    context, _journal = open_context("cy")
    page = context.new_page()
    checked = Checked(page)
    assert page.goto(f"/consultations/{ENGLISH_ONLY}/young-people").status == 200
    checked.check()
    choose_first(page, "age_band")
    checked.submit_with_enter()
    marked = page.locator("h1 [lang=en]")
    assert marked.inner_text() == "Which street do you live on?"
    assert page.locator("label [lang=en]", has_text="Mill Lane").count() == 1
    assert page.locator(".app-welsh-note").count() == 1
    # The page's own words stay Welsh, unmarked.
    assert page.locator("button[type=submit]").first.inner_text() == "Nesaf"
    choose_first(page, page.locator("input[type=radio]").first.get_attribute("name"))
    checked.submit_with_enter()
    assert page.locator("h1").inner_text() == "Ydych chi’n cerdded adref ar ôl iddi dywyllu?"
    assert page.locator(".app-welsh-note").count() == 0
    assert checked.problems == []
