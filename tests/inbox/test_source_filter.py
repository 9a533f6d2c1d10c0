"""Each inbox item remembers which consultation, event, survey wave or Right
to Challenge service it came from, so the inbox can be narrowed to one."""

from sqlalchemy import select

from app.inbox.models import InboxItem
from app.inbox.services import file_submission
from tests.consultations.conftest import make_consultation  # noqa: F401  (fixture)


def test_an_item_keeps_its_source(session):
    item = file_submission(
        session, kind="consultation_response", subject="Response", source_key="consultation:12"
    )
    session.commit()
    stored = session.scalar(select(InboxItem).where(InboxItem.id == item.id))
    assert stored.source_key == "consultation:12"


def test_an_item_without_a_source_has_none(session):
    item = file_submission(session, kind="challenge", subject="A service not listed")
    session.commit()
    assert item.source_key is None


def test_the_inbox_narrows_to_one_source(client, session, sign_in):
    sign_in("commissioner")
    wanted = file_submission(
        session, kind="survey_response", subject="Wanted wave", source_key="wave:3"
    )
    file_submission(session, kind="survey_response", subject="Other wave", source_key="wave:4")
    session.commit()
    page = client.get("/inbox/?source=wave:3").text
    assert wanted.reference in page
    assert "Other wave" not in page


def test_a_malformed_source_is_ignored():
    from app.inbox.search import InboxFilters

    assert InboxFilters.from_args({"source": "wave:3"}).source == "wave:3"
    assert InboxFilters.from_args({"source": "plan:3"}).source == ""
    assert InboxFilters.from_args({"source": "wave:x"}).source == ""
    assert InboxFilters.from_args({"source": "wave:3"}).query_args() == {"source": "wave:3"}


def test_the_came_from_select_names_the_sources_the_reader_may_see(
    client,
    session,
    sign_in,
    make_consultation,  # noqa: F811  (the fixture imported above)
    area,
):
    from bs4 import BeautifulSoup

    from app.core.models import ServiceArea

    consultation = make_consultation()
    consultation.title_cy = "Clybiau ieuenctid"
    elsewhere = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(elsewhere)
    session.flush()
    key = f"consultation:{consultation.id}"
    mine = file_submission(
        session, kind="consultation_response", subject="Mine", service_area=area, source_key=key
    )
    file_submission(
        session, kind="challenge", subject="Theirs", service_area=elsewhere, source_key="service:99"
    )
    session.commit()
    user = sign_in("commissioner")
    from app.accounts.models import StaffUser

    staff = session.get(StaffUser, user.id)
    staff.service_areas = [area]
    session.commit()
    soup = BeautifulSoup(client.get("/inbox/").text, "html.parser")
    options = {o["value"]: o.get_text() for o in soup.select("#source option")}
    # Only the consultation: the other source's items are outside the reader's areas.
    assert options == {"": "Anywhere", key: consultation.title}
    assert soup.select_one("#source optgroup")["label"] == "Consultations"
    narrowed = client.get(f"/inbox/?source={key}").text
    assert mine.reference in narrowed
    client.get("/language/cy?next=/inbox/")
    welsh = BeautifulSoup(client.get("/inbox/").text, "html.parser")
    assert welsh.select_one(f"#source option[value='{key}']").get_text() == "Clybiau ieuenctid"


def test_the_migration_fills_in_where_existing_items_came_from(tmp_path_factory):
    """A council upgrading keeps its history filterable: items filed before the
    source was kept get it from the response, expression of interest or
    booking that points at them; a supplier registration stays without."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.core.db import db
    from tests.conftest import drop_database, fresh_database_url
    from tests.test_migrations import _insert_with_defaults

    url = fresh_database_url(tmp_path_factory, "source_migration")
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade(revision="c7d4e2a9b1f0")
        with db.engine.begin() as conn:

            def add(table, **values):
                _insert_with_defaults(conn, table, values)

            # Required links the rows below do not care about point at row 0.
            add("service_area", id=0, slug="area", name="Area")
            for n, kind in enumerate(
                ["consultation_response", "survey_response", "challenge", "event_booking"], 1
            ):
                add("inbox_item", id=n, reference=f"R{n}", kind=kind)
            add("inbox_item", id=5, reference="R5", kind="supplier_registration")
            add("inbox_item", id=6, reference="R6", kind="challenge")
            add("consultation", id=7, slug="c7")
            add("consultation_response", id=1, consultation_id=7, inbox_item_id=1)
            add("survey_wave", id=8, slug="w8")
            add("survey_response", id=1, wave_id=8, inbox_item_id=2)
            add("challenge_service", id=9, slug="s9")
            add("challenge_eoi", id=1, service_id=9, inbox_item_id=3, reference="R3")
            # A service not listed: nothing to point at.
            add("challenge_eoi", id=2, service_id=None, inbox_item_id=6, reference="R6")
            add("event", id=4, slug="e4")
            add("supplier", id=1)
            add("event_booking", id=1, event_id=4, supplier_id=1, reference="R4")
        upgrade()
        with db.engine.connect() as conn:
            found = dict(conn.execute(text("SELECT id, source_key FROM inbox_item")).all())
        db.session.remove()
        db.engine.dispose()
    drop_database(url)
    assert found == {
        1: "consultation:7",
        2: "wave:8",
        3: "service:9",
        4: "event:4",
        5: None,
        6: None,
    }
