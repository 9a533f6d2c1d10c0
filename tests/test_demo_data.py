from sqlalchemy import func, select

from app.accounts.services import find_staff
from app.core.models import ServiceArea
from app.plans.models import PlanItem


def _snapshot(session):
    rows = session.execute(
        select(PlanItem.slug, PlanItem.status, PlanItem.updated_at, PlanItem.release_count)
    ).all()
    return sorted(rows)


def test_demo_data_loads_a_council_and_running_it_twice_changes_nothing(app, session, monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    cli = app.test_cli_runner()
    first = cli.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "demo password for tests" in first.output
    session.expire_all()
    before = _snapshot(session)
    assert len(before) >= 30
    assert session.scalar(select(func.count(ServiceArea.id))) >= 8
    published = [row for row in before if row.status == "published"]
    assert len(published) >= 25
    from app.inbox.kinds import KINDS
    from app.inbox.models import InboxItem

    assert {item.kind for item in session.scalars(select(InboxItem))} == set(KINDS)
    from app.challenges.models import ChallengeService, ExpressionOfInterest

    assert session.scalar(select(func.count(ChallengeService.id))) >= 6
    statuses = {eoi.status for eoi in session.scalars(select(ExpressionOfInterest))}
    assert {"received", "decision_date_notified", "rejected", "modification_proposed"} <= statuses

    second = cli.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert "added: 0, changed: 0" in second.output
    assert "Inbox submissions added: 0." in second.output
    assert "Right to Challenge services added: 0, expressions of interest: 0." in second.output
    assert "Survey waves added: 5" in first.output
    assert "Survey waves added: 0, survey responses added: 0." in second.output
    session.expire_all()
    assert _snapshot(session) == before
    user = find_staff(session, "demo.commissioner@elmsworth.gov.example")
    assert user.check_password("demo password for tests")


def test_demo_content_is_well_formed():
    from app.demo.content import read
    from app.plans.choices import COMMISSIONING_ROUTES, CYCLE_STAGES, PROCUREMENT_ROUTES

    SERVICE_AREAS, PLAN_ITEMS = read("plans")["service_areas"], read("plans")["plan_items"]

    areas = {area["slug"] for area in SERVICE_AREAS}
    assert len({item["slug"] for item in PLAN_ITEMS}) == len(PLAN_ITEMS)
    for item in PLAN_ITEMS:
        assert item["service_area"] in areas
        assert item["commissioning_route"] in COMMISSIONING_ROUTES
        assert item["cycle_stage"] in CYCLE_STAGES
        assert item["procurement_route"] in PROCUREMENT_ROUTES
