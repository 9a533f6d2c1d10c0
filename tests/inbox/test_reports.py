"""/inbox/reports: figures from the rollup, kept equal to a from-scratch count."""

from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from app.core.models import ServiceArea
from app.inbox import reports, services
from app.inbox.reports import from_scratch, month_of, percentile, rebuild, rollup
from app.inbox.services import change_status, close, file_submission, reply


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    now = {"t": at(2026, 1, 1)}

    def set_to(moment):
        now["t"] = moment

    monkeypatch.setattr(services, "utcnow", lambda: now["t"])
    return set_to


def test_london_months_at_midnight_in_summer_and_new_year():
    assert month_of(at(2026, 6, 30, 22, 59)) == date(2026, 6, 1)  # 23:59 BST
    assert month_of(at(2026, 6, 30, 23, 0)) == date(2026, 7, 1)  # 00:00 BST on 1 July
    assert month_of(at(2026, 12, 31, 23, 59, 59)) == date(2026, 12, 1)
    assert month_of(at(2027, 1, 1, 0, 0)) == date(2027, 1, 1)


def test_percentiles_from_a_histogram_of_hours():
    assert percentile({24: 1, 48: 1, 72: 1}, 0.5) == 2.0
    assert percentile({12: 9, 240: 1}, 0.9) == 0.5
    assert percentile({12: 9, 240: 1}, 0.95) == 10.0
    assert percentile({}, 0.5) is None


def test_rollup_equals_a_count_from_scratch(session, area, make_staff, clock):
    user = make_staff("commissioner")
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    items = []
    for n, received in enumerate(
        [
            at(2026, 6, 30, 22, 59),
            at(2026, 6, 30, 23, 0),
            at(2026, 12, 31, 23, 59, 59),
            at(2027, 1, 1),
        ]
    ):
        items.append(
            file_submission(
                session,
                kind="challenge" if n % 2 else "survey_response",
                subject=f"S{n}",
                service_area=area if n < 2 else (housing if n == 2 else None),
                submitter_email=f"p{n}@example.org",
                received_at=received,
            )
        )
    session.commit()
    clock(at(2026, 7, 2, 10))
    reply(session, items[0], user, "Thanks")
    clock(at(2026, 7, 3, 10))
    reply(session, items[0], user, "Second reply counts once")
    clock(at(2026, 12, 31, 23, 59, 59))
    close(session, items[1], user, "Done")
    clock(at(2027, 1, 1, 0, 0))
    close(session, items[2], user, "Done")
    change_status(session, items[1], "new", user, "Reopened")  # reopened: no longer closed
    clock(at(2027, 1, 5))
    close(session, items[1], user, "Done again")
    session.commit()

    assert rollup(session) == from_scratch(session)
    live = rollup(session)
    assert live[(date(2026, 6, 1), "survey_response", area.id, "received", 0)] == 1
    assert live[(date(2026, 7, 1), "challenge", area.id, "received", 0)] == 1
    assert live[(date(2027, 1, 1), "challenge", 0, "received", 0)] == 1
    assert live[(date(2026, 7, 1), "survey_response", area.id, "first_reply", 35)] == 1
    assert (date(2026, 12, 1), "challenge", area.id, "closed") not in {k[:4] for k in live}
    # Rebuilding gives the same, and again (idempotent).
    rebuild(session)
    assert rollup(session) == from_scratch(session)
    rebuild(session)
    session.commit()
    assert rollup(session) == live


def _table(html, caption):
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.select("table"):
        if caption in table.caption.get_text():
            return [
                [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
                for row in table.select("tr")
            ]
    raise AssertionError(caption)


def test_page_shows_figures_for_the_period(client, session, area, sign_in, clock):
    user = sign_in("commissioner")
    for day in (1, 2, 3):
        item = file_submission(
            session,
            kind="challenge",
            subject="x",
            service_area=area,
            submitter_email="a@example.org",
            received_at=at(2026, 3, day, 9),
        )
        clock(at(2026, 3, day, 9) + timedelta(days=day))
        close(session, item, user, "done")
    session.commit()
    page = client.get("/inbox/reports?from=2026-03&to=2026-04")
    assert page.status_code == 200
    rows = _table(page.text, "by kind")
    assert (rows[1][0], rows[1][-1]) == ("2026-03", "3")
    assert (rows[2][0], rows[2][-1]) == ("2026-04", "0")
    times = _table(page.text, "Days to first reply")
    assert times[1][4:] == ["3", "2.0", "3.0"]
    soup = BeautifulSoup(page.text, "html.parser")
    assert all(chart.get("aria-hidden") == "true" for chart in soup.select(".app-report-chart"))


def test_csv_download_defuses_formulas(client, session, sign_in):
    sign_in("commissioner")
    session.add(ServiceArea(slug="evil", name='=HYPERLINK("x")', name_cy="x"))
    session.commit()
    evil = session.query(ServiceArea).filter_by(slug="evil").one()
    file_submission(session, kind="challenge", subject="x", service_area=evil)
    session.commit()
    response = client.get("/inbox/reports.csv?report=areas")
    assert response.status_code == 200
    assert "text/csv" in response.content_type
    text = response.get_data(as_text=True)
    assert "'=HYPERLINK" in text or "=HYPERLINK" not in text.split("\n")[0][:2]
    assert client.get("/inbox/reports.csv?report=nonsense").status_code == 404


def test_a_wrong_period_shows_an_error_summary(client, sign_in):
    sign_in("commissioner")
    page = client.get("/inbox/reports?from=2026-13&to=2026-01")
    assert page.status_code == 400
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one(".govuk-error-summary")
    assert soup.select_one("#from-error")
    backwards = client.get("/inbox/reports?from=2026-05&to=2026-01")
    assert "same as or after" in backwards.text


def test_limited_commissioner_sees_only_their_areas(client, session, area, sign_in):
    user = sign_in("commissioner")
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    file_submission(session, kind="challenge", subject="in", service_area=area)
    file_submission(session, kind="challenge", subject="out", service_area=housing)
    file_submission(session, kind="challenge", subject="none")
    user.service_areas = [area]
    session.commit()
    page = client.get("/inbox/reports")
    rows = _table(page.text, "by service area")
    assert rows[0][1:] == [area.name]
    assert "Housing" not in page.text


def test_viewers_may_not_see_reports(client, sign_in):
    sign_in("viewer")
    assert client.get("/inbox/reports").status_code == 403


def test_queries_do_not_grow_with_items(client, session, area, sign_in, count_queries):
    sign_in("commissioner")
    file_submission(session, kind="challenge", subject="x", service_area=area)
    session.commit()
    few = count_queries(lambda: client.get("/inbox/reports"))
    for n in range(40):
        file_submission(
            session,
            kind="survey_response" if n % 2 else "challenge",
            subject="y",
            received_at=datetime.now(UTC) - timedelta(days=31 * (n % 11)),
        )
    session.commit()
    many = count_queries(lambda: client.get("/inbox/reports"))
    assert many.count == few.count, many.statements


def test_rebuild_command(app, session, area):
    file_submission(session, kind="challenge", subject="x", service_area=area)
    session.commit()
    result = app.test_cli_runner().invoke(args=["inbox-reports-rebuild"])
    assert "Rebuilt" in result.output
    assert reports.rollup(session) == reports.from_scratch(session)


def test_the_inbox_links_to_reports_for_commissioners_only(client, sign_in):
    sign_in("commissioner")
    assert 'href="/inbox/reports"' in client.get("/inbox/").text


def test_viewers_see_no_link_to_reports(client, sign_in):
    sign_in("viewer")
    assert 'href="/inbox/reports"' not in client.get("/inbox/").text


def test_consultation_response_rate_per_month(client, session, area, sign_in):
    from app.consultations.services import create_consultation, set_published
    from tests.consultations.conftest import consultation_data

    sign_in("commissioner")
    for slug, opens, closes in (
        ("a", at(2026, 3, 1), at(2026, 4, 30)),
        ("b", at(2026, 4, 10), at(2026, 5, 31)),
    ):
        c = create_consultation(
            session, consultation_data(area.id, slug=slug, opens_at=opens, closes_at=closes)
        )
        set_published(session, c, True)
    for day in (1, 2, 3):
        file_submission(
            session,
            kind="consultation_response",
            subject="r",
            service_area=area,
            received_at=at(2026, 4, day, 12),
        )
    session.commit()
    rows = _table(client.get("/inbox/reports?from=2026-03&to=2026-04").text, "response rates")
    assert rows[1] == ["2026-03", "1", "0", "0.0"]
    assert rows[2] == ["2026-04", "2", "3", "1.5"]


def test_the_migration_fills_the_rollup_from_existing_items(tmp_path_factory):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.core.db import db
    from tests.conftest import drop_database, fresh_database_url
    from tests.test_migrations import _insert_with_defaults

    url = fresh_database_url(tmp_path_factory, "reports_migration")
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade(revision="b3f1c8d2e6a4")
        with db.engine.begin() as conn:
            for n, (received, closed) in enumerate(
                [(at(2026, 6, 30, 23, 0), at(2026, 7, 2, 23, 0)), (at(2026, 12, 31, 23, 0), None)]
            ):
                _insert_with_defaults(
                    conn,
                    "inbox_item",
                    {
                        "id": n + 1,
                        "reference": f"R{n}",
                        "kind": "challenge",
                        "received_at": received,
                        "closed_at": closed,
                    },
                )
            _insert_with_defaults(
                conn, "inbox_reply", {"item_id": 2, "created_at": at(2027, 1, 1, 1, 0)}
            )
        upgrade()
        with db.engine.connect() as conn:
            rows = {
                tuple(row)
                for row in conn.execute(
                    text("SELECT month, metric, bucket, count FROM inbox_report_month")
                )
            }
        assert rollup(db.session) == from_scratch(db.session)
        db.session.remove()
        db.engine.dispose()
    drop_database(url)
    months = {(str(m)[:7], metric, bucket, n) for m, metric, bucket, n in rows}
    assert months == {
        ("2026-07", "received", 0, 1),
        ("2026-07", "closed", 48, 1),
        ("2026-12", "received", 0, 1),
        ("2027-01", "first_reply", 2, 1),
    }
