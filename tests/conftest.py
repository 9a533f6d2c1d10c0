"""Shared fixtures: a real database (SQLite file, or PostgreSQL when
DATABASE_URL is set), a test client, and builders for staff and plan items."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import normalise_database_url
from app.core import page_cache
from app.core.db import db, utcnow
from tests.page_checks import PageCheckingClient

TEST_PASSWORD = "correct horse battery staple"
# The authenticator secret of every administrator make_staff creates.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_database_url(tmp_path_factory, purpose: str) -> str:
    """An empty database of the kind under test, private to this worker."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp_path_factory.mktemp(purpose)}/test.sqlite"
    url = make_url(normalise_database_url(base))
    # The process id keeps two test runs on one machine out of each other's way.
    name = f"{url.database}_{purpose}_{_worker()}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Remove a database made by fresh_database_url (SQLite files go with tmp_path)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    admin = create_engine(
        make_url(normalise_database_url(os.environ["DATABASE_URL"])),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


class FreshContextClient(PageCheckingClient):
    """Each request gets its own application context, as in production, even
    while a test holds one open: nothing cached on `g` (the signed-in user,
    the locale) leaks from one request to the next."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _every_app_checks_its_pages():
    """Apps a test builds for itself with create_app check their pages too."""
    previous = Flask.test_client_class
    Flask.test_client_class = PageCheckingClient
    yield
    Flask.test_client_class = previous


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = fresh_database_url(tmp_path_factory, "suite")
    # A folder of its own: the files the portal writes during the tests are
    # the only ones there (the privacy tests search it for what was erased),
    # never the developer's `make run` database in instance/.
    own_folder = str(tmp_path_factory.mktemp("instance"))
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": url}, instance_path=own_folder)
    application.test_client_class = FreshContextClient
    with application.app_context():
        db.create_all()
        if db.engine.dialect.name == "postgresql":
            _install_audit_trigger()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_database(url)


def _install_audit_trigger() -> None:
    """The migration's append-only trigger, so runs on PostgreSQL test what
    production enforces. (SQLite runs go without: it has no TRUNCATE.)"""
    from app.core.audit import APPEND_ONLY_SQL

    with db.engine.begin() as conn:
        for statement in APPEND_ONLY_SQL["postgresql"]["upgrade"]:
            conn.execute(text(statement))


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name == "audit_event" and conn.dialect.name == "postgresql":
                    # The trigger refuses DELETE; TRUNCATE is left open for this.
                    conn.execute(text("TRUNCATE audit_event"))
                else:
                    conn.execute(table.delete())
    page_cache.clear()
    # Failed sign-ins counted per account (app.accounts.throttle) start again too.
    application.extensions.pop("portal_sign_in_throttle", None)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def session(app_ctx):
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def area(session):
    from app.core.models import ServiceArea

    found = ServiceArea(
        slug="adult-social-care", name="Adult social care", name_cy="Gofal oedolion"
    )
    session.add(found)
    session.commit()
    return found


def plan_data(area_id: int, **overrides) -> dict:
    data = {
        "title": "Home care in the north locality",
        "summary": "Care and support at home for adults in the north of the borough.",
        "description_html": "<p>We will buy <strong>home care</strong>.</p>",
        "service_area_id": area_id,
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "open",
        "estimated_annual_value": 1_250_000,
        "estimated_total_value": 8_750_000,
        "contract_length_months": 60,
        "extension_months": 24,
        "market_engagement_date": date(2027, 2, 1),
        "tender_publication_date": date(2027, 6, 1),
        "award_date": date(2027, 10, 1),
        "contract_start_date": date(2028, 1, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": ["North", "South"],
        "social_value_priorities": ["local_jobs"],
        "contact_name": "Sam Patel",
        "contact_email": "home.care@elmsworth.gov.example",
        "contact_phone": None,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_plan(session, area):
    from app.plans.services import create_plan, set_status

    def build(status: str = "published", **overrides):
        item = create_plan(
            session, plan_data(overrides.pop("service_area_id", area.id), **overrides)
        )
        if status != "draft":
            set_status(session, item, status)
        session.commit()
        return item

    return build


@pytest.fixture
def make_staff(session):
    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff

    def build(
        role: str = "commissioner", email: str | None = None, one_time_codes: bool | None = None
    ):
        user = create_or_update_staff(
            session, email or f"{role}@elmsworth.gov.example", Role(role), TEST_PASSWORD
        )
        # Administrators must have a second factor: theirs is TEST_TOTP_SECRET.
        if one_time_codes if one_time_codes is not None else role == Role.ADMINISTRATOR.value:
            user.totp_secret = TEST_TOTP_SECRET
            user.totp_enabled_at = utcnow()
        session.commit()
        return user

    return build


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """Post as a browser would: load the form first and send its CSRF token."""
    page = client.get(form_url or url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def second_step(client, response, email: str):
    """After a right password: enter a code as the account's authenticator
    app would, if the portal asks for one. Returns the last response.

    The account's last used code is forgotten first, so a test may sign the
    same administrator in twice within one 30-second step.
    """
    if response.status_code != 302 or not response.headers["Location"].startswith(
        "/staff/sign-in/second-step"
    ):
        return response
    import pyotp
    from sqlalchemy import update

    from app.accounts import one_time_codes
    from app.accounts.models import StaffUser

    asked = client.get(response.headers["Location"])
    assert asked.headers["Location"] == "/staff/sign-in/code", asked.headers["Location"]
    with client.application.app_context():
        db.session.execute(
            update(StaffUser)
            .where(StaffUser.email == email.strip().lower())
            .values(totp_last_step=None)
        )
        db.session.commit()
        secret = db.session.scalar(
            db.select(StaffUser.totp_secret).where(StaffUser.email == email.strip().lower())
        )
    code = pyotp.TOTP(secret).at(one_time_codes.now())
    return post_form(client, "/staff/sign-in/code", {"code": code})


def sign_in_with_password(client, email: str, password: str = TEST_PASSWORD, url=None):
    """Sign in through the real pages: the password, then any code asked for."""
    response = post_form(client, url or "/staff/sign-in", {"email": email, "password": password})
    return second_step(client, response, email)


@pytest.fixture
def sign_in(client, make_staff):
    def as_role(role: str = "commissioner"):
        user = make_staff(role)
        response = sign_in_with_password(client, user.email)
        assert response.status_code == 302, response.text
        return user

    return as_role


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app) -> Iterator:
    def counting(func):
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            func()
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return counter

    return counting


@pytest.fixture
def page_cache_on(app) -> Iterator:
    """Anonymous pages cached, as in production (tests run with it off)."""
    app.config["PAGE_CACHE_ENABLED"] = True
    yield
    app.config["PAGE_CACHE_ENABLED"] = False
