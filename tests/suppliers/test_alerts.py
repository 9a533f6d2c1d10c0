import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.plans.services import set_status, update_plan
from app.suppliers.models import Supplier
from tests.conftest import post_form


def digests(session):
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.subject.like("%opportunity alert%"))
        .order_by(OutboxMessage.id)
    ).all()


def run(app, period):
    result = app.test_cli_runner().invoke(args=["send-alerts", "--period", period])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_digest_goes_out_when_a_matching_plan_item_is_published(
    app, client, session, register, make_plan
):
    register(alert_frequency="daily")
    supplier = session.scalars(select(Supplier)).one()
    supplier.created_at = utcnow() - timedelta(days=2)
    session.commit()
    plan = make_plan(status="draft", title="Community meals in the east")
    other_area = make_plan(status="draft", title="Something elsewhere", slug=None)
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.flush()
    other_area.service_area_id = housing.id
    session.commit()

    assert "Alert digests queued: 0." in run(app, "daily")
    set_status(session, plan, "published")
    set_status(session, other_area, "published")
    session.commit()

    assert "Alert digests queued: 0." in run(app, "weekly")
    assert "Alert digests queued: 1." in run(app, "daily")
    [email] = digests(session)
    assert email.to_address == "priya@northfield-larder.org.example"
    assert "Community meals in the east" in email.body_text
    assert "Newly published" in email.body_text
    assert "Something elsewhere" not in email.body_text
    assert "/suppliers/unsubscribe/" in email.body_text

    # Nothing new: nothing sent.
    assert "Alert digests queued: 0." in run(app, "daily")

    # A change of stage is news, told field by field with what it was.
    update_plan(session, plan, {"cycle_stage": "do"})
    session.commit()
    assert "Alert digests queued: 1." in run(app, "daily")
    body = digests(session)[-1].body_text
    assert "What changed:\n- Stage: Do: buying or setting up the service (was Plan: " in body
    assert "Newly published" not in body
    from datetime import date

    # Dates and estimated values: each change on its own line.
    update_plan(
        session,
        plan,
        {"award_date": date(2027, 11, 1), "estimated_annual_value": 250000},
    )
    session.commit()
    assert "Alert digests queued: 1." in run(app, "daily")
    body = digests(session)[-1].body_text
    assert "\n- Contract award: 1 November 2027 (was " in body
    assert "\n- Estimated annual value: £250,000 (was " in body
    assert "Stage:" not in body  # only what changed since the last digest
    # Each link on a line of its own, nothing else on it.
    for line in body.splitlines():
        if "http" in line:
            assert line.strip().startswith("http"), line
            assert " " not in line.strip(), line

    # Withdrawn: said so, and no link to a page that has gone.
    set_status(session, plan, "withdrawn")
    session.commit()
    assert "Alert digests queued: 1." in run(app, "daily")
    body = digests(session)[-1].body_text
    assert "Withdrawn from the forward plan" in body
    assert f"/plans/{plan.slug}" not in body


def test_a_digest_is_written_in_welsh_for_a_welsh_contact(
    app, client, session, register, make_plan
):
    register(alert_frequency="daily")
    supplier = session.scalars(select(Supplier)).one()
    supplier.created_at = utcnow() - timedelta(days=2)
    supplier.contacts[0].locale = "cy"
    session.commit()
    plan = make_plan(title="Community meals in the east")
    run(app, "daily")
    update_plan(session, plan, {"cycle_stage": "do"})
    session.commit()
    run(app, "daily")
    body = (
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body_text
    )
    assert "Beth sydd wedi newid:" in body
    assert "What changed" not in body


def test_rows_saved_before_values_were_tracked_report_no_false_change(
    app, client, session, register, make_plan
):
    from app.suppliers.alerts import note_plan_changes
    from app.suppliers.models import PlanAlertWatch

    plan = make_plan(title="Community meals in the east")
    note_plan_changes(session)
    watch = session.get(PlanAlertWatch, plan.id)
    dates = ",".join(
        str(getattr(plan, name) or "")
        for name in (
            "market_engagement_date",
            "tender_publication_date",
            "award_date",
            "contract_start_date",
        )
    )
    watch.fingerprint = f"{plan.cycle_stage}|{dates}"  # the old form
    watch.change = "published"
    session.commit()
    assert note_plan_changes(session) == 0
    assert session.get(PlanAlertWatch, plan.id).fingerprint.startswith("v2|")


def _unsubscribe_link(app, session, register, make_plan):
    register(alert_frequency="weekly")
    supplier = session.scalars(select(Supplier)).one()
    supplier.created_at = utcnow() - timedelta(days=8)
    session.commit()
    make_plan(title="Carers’ support service")
    run(app, "weekly")
    email = digests(session)[-1]
    link = re.search(r"http://localhost(/suppliers/unsubscribe/\S+)", email.body_text).group(1)
    return supplier, email, link


def test_opening_the_unsubscribe_link_never_unsubscribes(app, client, session, register, make_plan):
    supplier, _, link = _unsubscribe_link(app, session, register, make_plan)
    for _ in range(3):  # a mail scanner, a link preview, the person
        page = client.get(link)
        assert page.status_code == 200
        assert "Stop opportunity alerts" in page.text
        assert ">Stop alerts</button>" in page.text
    session.refresh(supplier)
    assert supplier.alert_frequency == "weekly"


def test_the_button_unsubscribes_without_signing_in(app, client, session, register, make_plan):
    supplier, _, link = _unsubscribe_link(app, session, register, make_plan)
    page = client.get(link)
    form = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    assert form == link
    done = post_form(client, link, {})
    assert done.status_code == 200
    assert "Alerts stopped" in done.text
    session.refresh(supplier)
    assert supplier.alert_frequency == "none"
    # Again, or opened later: still a clear page, no error.
    assert "Alerts stopped" in client.post(link).text
    assert "Alerts stopped" in client.get(link).text


def test_a_mail_programs_one_click_post_unsubscribes_with_no_cookie_or_csrf_token(
    app, session, register, make_plan
):
    supplier, _email, link = _unsubscribe_link(app, session, register, make_plan)
    fresh = app.test_client()  # no session, no CSRF token, as RFC 8058 mail programs send
    done = fresh.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    session.refresh(supplier)
    assert supplier.alert_frequency == "none"


def test_alert_emails_carry_list_unsubscribe_headers(app, session, register, make_plan):
    from app.core.outbox.backends import build_email

    _, email, link = _unsubscribe_link(app, session, register, make_plan)
    assert email.unsubscribe_url.endswith(link)
    sent = build_email(email, "council@example.org", cte="quoted-printable")
    assert sent["List-Unsubscribe"] == f"<{email.unsubscribe_url}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_other_emails_carry_no_list_unsubscribe_header(app, session):
    from app.core.outbox import queue_email
    from app.core.outbox.backends import build_email

    message = queue_email(session, to="someone@example.org", subject="Hello", body="Hi")
    sent = build_email(message, "council@example.org", cte="quoted-printable")
    assert sent["List-Unsubscribe"] is None
    assert sent["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_wrong_token_gets_a_clear_page_and_changes_nothing(
    app, client, session, register, make_plan, method
):
    supplier, _, link = _unsubscribe_link(app, session, register, make_plan)
    for bad in ("/suppliers/unsubscribe/forged-token", link[:-3] + "abc", link + "x"):
        page = getattr(client, method)(bad)
        assert page.status_code == 404
        assert "This link does not work" in page.text
        assert "Your alerts have not been changed" in page.text
    session.refresh(supplier)
    assert supplier.alert_frequency == "weekly"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_token_gets_a_clear_page_and_changes_nothing(
    app, client, session, register, make_plan, method, monkeypatch
):
    from app.suppliers import alerts

    supplier, _, link = _unsubscribe_link(app, session, register, make_plan)
    monkeypatch.setattr(alerts, "UNSUBSCRIBE_MAX_AGE", -1)
    page = getattr(client, method)(link)
    assert page.status_code == 410
    assert "This link has expired" in page.text
    session.refresh(supplier)
    assert supplier.alert_frequency == "weekly"


def test_an_unknown_period_is_refused(app):
    result = app.test_cli_runner().invoke(args=["send-alerts", "--period", "hourly"])
    assert result.exit_code != 0


def test_a_plan_item_in_a_chosen_cpv_division_matches_outside_the_service_areas(
    app, client, session, register, make_plan
):
    from app.core.models import ServiceArea

    register(alert_frequency="weekly", cpv_divisions=["55"])
    supplier = session.scalars(select(Supplier)).one()
    supplier.created_at = utcnow() - timedelta(days=2)
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.flush()
    meals = make_plan(status="draft", title="School meals", cpv_division="55")
    fleet = make_plan(status="draft", title="Refuse fleet", slug=None, cpv_division="34")
    for item in (meals, fleet):
        item.service_area_id = housing.id
    session.commit()
    set_status(session, meals, "published")
    set_status(session, fleet, "published")
    session.commit()

    assert "Alert digests queued: 1." in run(app, "weekly")
    [email] = digests(session)
    assert "School meals" in email.body_text
    assert "Refuse fleet" not in email.body_text
