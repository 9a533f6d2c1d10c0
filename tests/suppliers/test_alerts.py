import re
from datetime import timedelta

from sqlalchemy import select

from app.core.db import utcnow
from app.core.outbox.models import OutboxMessage
from app.plans.services import set_status, update_plan
from app.suppliers.models import Supplier


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

    # A change of stage is news; so is a change of dates.
    update_plan(session, plan, {"cycle_stage": "do"})
    session.commit()
    assert "Alert digests queued: 1." in run(app, "daily")
    assert "Moved to a new stage" in digests(session)[-1].body_text
    from datetime import date

    update_plan(session, plan, {"award_date": date(2027, 11, 1)})
    session.commit()
    assert "Alert digests queued: 1." in run(app, "daily")
    assert "Dates changed" in digests(session)[-1].body_text


def test_one_click_unsubscribe_works_without_signing_in(app, client, session, register, make_plan):
    register(alert_frequency="weekly")
    supplier = session.scalars(select(Supplier)).one()
    supplier.created_at = utcnow() - timedelta(days=8)
    session.commit()
    make_plan(title="Carers’ support service")
    run(app, "weekly")
    body = digests(session)[-1].body_text
    link = re.search(r"http://localhost(/suppliers/unsubscribe/\S+)", body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Alerts stopped" in page.text
    session.refresh(supplier)
    assert supplier.alert_frequency == "none"

    assert client.get("/suppliers/unsubscribe/forged-token").status_code == 404


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
