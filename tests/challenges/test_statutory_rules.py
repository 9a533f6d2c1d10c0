"""Each rule of the right, tested against the provision it follows: the
Localism Act 2011 ss.81-84, SI 2012/1313 (expressions of interest and excluded
services) and SI 2012/1647 (the grounds for rejection)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.challenges.models import ChallengeService, ExpressionOfInterest
from app.challenges.windows import council_today
from tests.challenges.conftest import BODY, post, some_date, start, submit
from tests.challenges.test_admin import FORM

OTHER = {
    "service_id": "0",
    "other_service_name": "Public toilets in Hollinsby market square",
    "other_service_description": "Cleaning and opening the toilets beside the market hall.",
    "area": "Hollinsby town centre",
}


def eoi_for(session, reference: str) -> ExpressionOfInterest:
    session.expire_all()
    return session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.reference == reference)
    )


def date_parts(value) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


# --- s.81(1), (5): any relevant service, not only the council's list ---------


def test_s81_1_and_5_a_body_can_name_a_service_the_council_has_not_listed(
    app, client, session, make_service, sign_in
):
    """Localism Act 2011 s.81(1), (5): a relevant service is any service the
    council provides, so the form offers "another service" beside its list."""
    make_service()
    page_client = app.test_client()
    start(page_client)
    page = page_client.get("/right-to-challenge/apply/service")
    assert "Another service the council provides" in page.text

    reference = submit(client, None, service_answers=OTHER)
    eoi = eoi_for(session, reference)
    assert eoi.service is None
    assert eoi.other_service_name == OTHER["other_service_name"]
    assert eoi.other_service_description == OTHER["other_service_description"]
    # Decided in the council's default published period, from receipt.
    assert eoi.decision_period_ends_on == council_today() + timedelta(days=90)

    register = client.get("/right-to-challenge/register")
    assert "Public toilets in Hollinsby market square" in register.text
    assert "not listed by the council" in register.text
    sign_in("administrator")
    item = client.get(f"/inbox/{reference}")
    assert "Not listed by the council" in item.text
    assert "beside the market hall" in item.text


def test_s81_1_and_5_another_service_needs_its_name_and_what_it_does(client, make_service):
    """Localism Act 2011 s.81(1): the council must be able to tell which service it is."""
    make_service()
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": "0", "other_service_name": "", "area": "Everywhere"},
    )
    assert response.status_code == 400
    assert "Enter the name of the service" in response.text
    assert "Enter what the service does, and where" in response.text


# --- SI 2012/1313 reg.4 and Sch.2: a fixed list of statutory exclusions in force -


def test_si_2012_1313_reg4_sch2_a_service_is_excluded_only_on_a_statutory_exclusion(
    client, session, area, sign_in
):
    """SI 2012/1313 reg.4 and Sch.2: exclusion is a choice from the fixed list,
    never a free reason; a made-up one is refused."""
    sign_in("commissioner")
    url = "/admin/challenge-services/new"
    page = client.get(url)
    assert "SI 2012/1313 reg.4(1) and Sch.2 para.1" in page.text
    response = post(
        client,
        url,
        {
            **FORM,
            "service_area_id": str(area.id),
            "exclusion_code": "council_prefers_not",
            "exclusion_reason": "We would rather keep it.",
        },
    )
    assert response.status_code == 400
    assert session.scalar(select(ChallengeService)) is None

    response = post(
        client,
        url,
        {
            **FORM,
            "service_area_id": str(area.id),
            "exclusion_code": "complex_needs",
            "exclusion_reason": "One team with the community health trust.",
        },
    )
    assert response.status_code == 302, response.text
    service = session.scalar(select(ChallengeService))
    assert service.exclusion_code == "complex_needs"
    public = client.get("/right-to-challenge/")
    assert "complex individual health or social care needs" in public.text
    assert "SI 2012/1313 reg.4(1) and Sch.2 para.1" in public.text


def test_si_2012_1313_sch2_an_excluded_service_is_refused_citing_the_exclusion(
    client, make_service
):
    """Localism Act 2011 s.81(5) with SI 2012/1313 Sch.2 para.1: an excluded service is
    not a relevant service, so the form may say so and name the exclusion."""
    service = make_service(exclusion_code="complex_needs", exclusion_reason="One team.")
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": str(service.id), "area": "All"},
    )
    assert response.status_code == 400
    assert "complex individual health or social care needs" in response.text
    assert "SI 2012/1313 reg.4(1) and Sch.2 para.1" in response.text


def test_si_2012_1313_reg4_2_the_nhs_exclusions_are_not_offered_after_1_april_2014(client, sign_in):
    """SI 2012/1313 reg.4(2): "Paragraphs 2 and 3 of Schedule 2 cease to have
    effect on 1st April 2014". The joint-NHS exclusion is not offered for a
    service, and a form that sends it anyway is refused."""
    from app.challenges.choices import SPENT_EXCLUSIONS, STATUTORY_EXCLUSIONS

    assert "nhs_joint" in SPENT_EXCLUSIONS
    assert "nhs_joint" not in STATUTORY_EXCLUSIONS
    sign_in("commissioner")
    form = client.get("/admin/challenge-services/new")
    assert 'value="complex_needs"' in form.text
    assert 'value="nhs_joint"' not in form.text
    assert "commissioned jointly with one or more NHS bodies" not in form.text


def test_si_2012_1313_reg4_2_a_service_recorded_under_a_spent_exclusion_is_open_and_says_so(
    client, make_service, sign_in
):
    """Existing data stays readable: a service recorded under the spent
    exclusion is labelled as no longer in force, listed as open to challenge,
    and takes an expression of interest."""
    service = make_service(
        name="Community equipment", exclusion_code="nhs_joint", exclusion_reason="Pooled budget."
    )
    public = client.get("/right-to-challenge/")
    assert "Services excluded from the right" not in public.text
    assert "Community equipment" in public.text
    start(client)
    response = post(
        client,
        "/right-to-challenge/apply/service",
        {"service_id": str(service.id), "area": "All"},
    )
    assert response.status_code == 302

    sign_in("commissioner")
    shown = client.get(f"/admin/challenge-services/{service.id}")
    assert "recorded under an exclusion no longer in force" in shown.text
    assert "no effect from 1 April 2014 (reg.4(2))" in shown.text
    edit = client.get(f"/admin/challenge-services/{service.id}/edit")
    assert "That exclusion is no longer in force" in edit.text
    assert 'value="nhs_joint"' not in edit.text


# --- s.81(6)-(8): relevant bodies, and where not-for-profit applies ----------


def test_s81_6_a_body_outside_the_list_is_recorded_for_the_council_not_refused(
    app, client, session, make_service, sign_in
):
    """Localism Act 2011 s.81(6): whether the sender is a relevant body is the
    council's to decide (SI 2012/1647 ground 1), so the form takes it and records it."""
    service = make_service()
    body = {"body_name": "Acme Leisure Ltd", "body_type": "company", "registration_number": ""}
    reference = submit(client, service, body=body)
    eoi = eoi_for(session, reference)
    assert eoi.body_type == "company"
    assert eoi.relevant_body is False
    assert "Not one of the relevant bodies" in eoi.inbox_item.body_text
    sign_in("commissioner")
    item = client.get(f"/inbox/{reference}")
    assert "Check eligibility" in item.text


def test_s81_6_the_check_page_warns_a_body_outside_the_list_before_it_sends(client, make_service):
    """Localism Act 2011 s.81(6): the sender learns before sending that the
    council may not be able to consider it."""
    from tests.challenges.conftest import fill_to_check

    service = make_service()
    body = {"body_name": "Acme Leisure Ltd", "body_type": "company", "registration_number": ""}
    fill_to_check(client, service, body=body)
    page = client.get("/right-to-challenge/apply/check")
    assert "not one of the kinds the law names" in page.text


def test_s81_6_parish_councils_and_employees_are_not_held_to_a_not_for_profit_test(
    app, session, make_service
):
    """Localism Act 2011 s.81(6)(c), (d): a parish council or two or more
    employees are relevant bodies outright; the not-for-profit wording of
    s.81(7)-(8) is attached only to the voluntary or community body."""
    service = make_service()
    client = app.test_client()
    start(client)
    page = client.get("/right-to-challenge/apply/body")
    text = page.text
    community = text.index("Voluntary or community body")
    parish = text.index("Parish council")
    employees = text.index("Two or more employees of the council")
    assert "Not run for profit" in text[community:parish]
    assert "profit" not in text[parish : text.index("Another kind of body")]
    assert "community interest company" in text[community:parish]
    assert employees > parish

    for body_type in ("parish", "employees"):
        body = {**BODY, "body_name": f"Hollinsby {body_type}", "body_type": body_type}
        reference = submit(app.test_client(), service, body=body)
        eoi = eoi_for(session, reference)
        assert eoi.relevant_body is True
        check_page_warning = "not one of the kinds the law names"
        assert check_page_warning not in eoi.copy_html


# --- SI 2012/1647: the grounds for rejection, chosen in a decision ----------


def test_si_2012_1647_a_rejection_ground_and_reasons_are_published_with_the_citation(
    client, session, make_service, sign_in
):
    """SI 2012/1647 (made under s.83(11)): the council rejects only on a listed
    ground; the ground, its citation and the reasons go on the register."""
    reference = submit(client, make_service())
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/reject"
    page = client.get(url)
    assert "SI 2012/1647 Sch. para. 9" in page.text
    response = post(
        client, url, {"grounds": ["frivolous"], "reasons": "The same text as last month's."}
    )
    assert response.status_code == 302, response.text
    register = client.get("/right-to-challenge/register")
    assert "It is frivolous or vexatious" in register.text
    assert "SI 2012/1647 Sch. para. 9" in register.text
    assert "The same text as last month" in register.text


def test_si_2012_1647_a_ground_outside_the_regulations_is_refused(
    client, session, make_service, sign_in
):
    """SI 2012/1647: no other ground exists; a tampered one is refused."""
    reference = submit(client, make_service())
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/reject"
    response = post(client, url, {"grounds": ["too_busy"], "reasons": "We are busy."})
    assert response.status_code == 400
    assert eoi_for(session, reference).decision is None


# --- s.84(4): deciding within the published period, or saying why not --------


def _past_period(session, reference, days_ago: int) -> None:
    eoi = eoi_for(session, reference)
    eoi.decision_period_ends_on = council_today() - timedelta(days=days_ago)
    session.commit()


def test_s84_4_a_decision_after_the_published_period_needs_a_published_reason(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.84(4): the council publishes its decision period; a
    decision after it must record why, and the register shows the reason."""
    reference = submit(client, make_service())
    _past_period(session, reference, 1)
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/accept"
    page = client.get(url)
    assert "Why the council is deciding after its published decision period" in page.text
    response = post(client, url, {"reasons": "A strong proposal."})
    assert response.status_code == 400
    assert "Enter why the council is deciding after its published decision period" in (
        response.text
    )
    assert eoi_for(session, reference).decision is None

    response = post(
        client, url, {"reasons": "A strong proposal.", "late_reason": "Cabinet met late."}
    )
    assert response.status_code == 302, response.text
    assert eoi_for(session, reference).late_reason == "Cabinet met late."
    register = client.get("/right-to-challenge/register")
    assert "Decided after the published decision period" in register.text
    assert "Cabinet met late." in register.text


def test_s84_4_a_notified_decision_date_after_the_period_needs_a_reason(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.84(4): promising a decision after the published
    period is allowed only with a recorded, published reason; the last day
    of the period needs none."""
    reference = submit(client, make_service(decision_period_days=40))
    ends = eoi_for(session, reference).decision_period_ends_on
    assert ends == council_today() + timedelta(days=40)
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/decision-date"
    response = post(client, url, {"decide_by": date_parts(ends + timedelta(days=1))})
    assert response.status_code == 400
    assert "Enter why the council will decide after its published decision period" in (
        response.text
    )
    response = post(
        client,
        url,
        {
            "decide_by": date_parts(ends + timedelta(days=1)),
            "beyond_reason": "Full council meets the next day.",
        },
    )
    assert response.status_code == 302, response.text
    assert eoi_for(session, reference).late_reason == "Full council meets the next day."
    track = client.get("/right-to-challenge/register")
    assert "Full council meets the next day." in track.text


def test_s84_4_a_decision_date_on_the_last_day_of_the_period_needs_no_reason(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.84(4): the period's last day is inside it."""
    reference = submit(client, make_service(decision_period_days=40))
    ends = eoi_for(session, reference).decision_period_ends_on
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/decision-date"
    response = post(client, url, {"decide_by": date_parts(ends)})
    assert response.status_code == 302, response.text
    assert eoi_for(session, reference).late_reason == ""


def test_s84_4_a_decision_on_the_last_day_of_the_period_needs_no_reason(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.84(4): the last day is still inside the period."""
    reference = submit(client, make_service())
    _past_period(session, reference, 0)
    sign_in("commissioner")
    url = f"/inbox/{reference}/challenge/reject"
    page = client.get(url)
    assert "late_reason" not in page.text
    response = post(client, url, {"grounds": ["inadequate"], "reasons": "No accounts sent."})
    assert response.status_code == 302, response.text
    assert eoi_for(session, reference).late_reason == ""


def test_s84_4_the_published_period_runs_from_the_close_of_the_window(
    client, session, make_service
):
    """Localism Act 2011 s.84(4) with s.82: sent in a window, the period is
    counted from the day the window closes."""
    service = make_service(window="open", decision_period_days=60)
    reference = submit(client, service)
    eoi = eoi_for(session, reference)
    assert eoi.decision_period_ends_on == service.windows[0].closes_on + timedelta(days=60)


# --- s.83(8): the procurement exercise after acceptance ---------------------


def test_s83_8_the_procurement_exercise_is_tracked_on_the_staff_page_and_register(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.83(8): after accepting, the council runs a
    procurement exercise; its dates and outcome are recorded and published."""
    reference = submit(client, make_service())
    sign_in("commissioner")
    assert post(client, f"/inbox/{reference}/challenge/accept", {"reasons": ""}).status_code == 302
    url = f"/inbox/{reference}/challenge/procurement"
    started, ends = some_date(-5), some_date(120)

    response = post(
        client,
        url,
        {
            "started_on": date_parts(started),
            "expected_end_on": date_parts(started - timedelta(days=1)),
            "outcome": "awarded_other",
        },
    )
    assert response.status_code == 400
    assert "The expected end must be on or after the start" in response.text
    assert "Enter the date the exercise ended" in response.text

    response = post(
        client,
        url,
        {
            "started_on": date_parts(started),
            "expected_end_on": date_parts(ends),
            "outcome": "running",
            "note": "Tender published with a community lot.",
        },
    )
    assert response.status_code == 302, response.text
    eoi = eoi_for(session, reference)
    assert eoi.procurement_started_on == started
    assert eoi.procurement_expected_end_on == ends
    assert eoi.procurement_outcome == "running"

    item = client.get(f"/inbox/{reference}")
    assert "Procurement exercise" in item.text
    assert "Under way" in item.text
    register = client.get("/right-to-challenge/register")
    assert "Under way" in register.text
    assert "Tender published with a community lot." in register.text
    assert f"{started.day} " in register.text


def test_s83_8_there_is_no_procurement_exercise_before_acceptance(
    client, session, make_service, sign_in
):
    """Localism Act 2011 s.83(8): procurement follows acceptance only."""
    reference = submit(client, make_service())
    sign_in("commissioner")
    response = client.get(f"/inbox/{reference}/challenge/procurement")
    assert response.status_code == 302
    assert eoi_for(session, reference).procurement_outcome is None


def test_s83_8_viewers_cannot_record_the_procurement_exercise(
    client, session, make_service, sign_in
):
    """Only commissioners change a challenge; viewers read it."""
    reference = submit(client, make_service())
    sign_in("viewer")
    assert client.get(f"/inbox/{reference}/challenge/procurement").status_code == 403
