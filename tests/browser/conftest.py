"""Browser checks: a real portal process (gunicorn) and headless Chromium.

One server and one browser serve the whole session:

* ``live_server`` makes a database (a temporary SQLite file, or
  ``BROWSER_DATABASE_URL`` when set), runs ``flask db upgrade`` and
  ``flask demo-data`` in subprocesses, starts ``gunicorn wsgi:app`` on a free
  port, waits for ``/healthz`` and yields the base URL.
* ``browser`` is Debian's Chromium driven by Playwright (never
  ``playwright install``: it downloads). Without Chromium the checks are
  skipped on a workstation but FAIL when ``CI`` is set.

The pages under test are listed once in ``SITE_PAGES``; any test asking for
the ``site_page`` fixture runs once per page and language.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser import codes, servers

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
VNU_JAR = REPO / "assets" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

DEMO_EMAIL = "demo.commissioner@elmsworth.gov.example"
DEMO_PASSWORD = "browser-checks-demo-password"
# The demo account is an administrator, so it signs in with a one-time code too.
DEMO_TOTP_SECRET = codes.DEMO_TOTP_SECRET
LANGUAGES = ("en", "cy")
LOCALES = {"en": "en-GB", "cy": "cy-GB"}
STARTUP_SECONDS = 30


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_tool(reason: str) -> None:
    """Skip on a workstation; on CI a missing tool is a failure, not a pass."""
    if on_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure rather than a skip)")
    pytest.skip(reason)


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {done.returncode}\n"
            f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
        )


def _compile_translations(env: dict[str, str]) -> None:
    """What `make translations` does, when the compiled Welsh catalogue is
    missing or older than its source (*.mo files are git-ignored)."""
    source = REPO / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    compiled = source.with_suffix(".mo")
    if source.exists() and (
        not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime
    ):
        _run([str(BIN / "pybabel"), "-q", "compile", "-d", "translations"], env)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def mail_folder(tmp_path_factory) -> Path:
    """Where the live server's file mail backend writes each email, so a
    journey can follow an emailed link."""
    return tmp_path_factory.mktemp("browser-mail")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, mail_folder) -> Iterator[str]:
    yield from _serve(tmp_path_factory, mail_folder, "127.0.0.1")


@pytest.fixture(scope="session")
def localhost_server(tmp_path_factory, mail_folder) -> Iterator[str]:
    """A second portal, addressed as http://localhost:PORT, with its own database.

    WebAuthn needs a secure context and a domain as its relying party ID:
    localhost is both, 127.0.0.1 (an IP address) is not a valid RP ID. Its own
    database also keeps the security keys its journeys add away from the
    accounts the other checks sign in with.
    """
    yield from _serve(tmp_path_factory, mail_folder, "localhost")


# Each live server's environment, so a check can run a command against its database.
_SERVER_ENVIRONMENTS = servers.ENVIRONMENTS


@pytest.fixture(scope="session")
def run_flask():
    """run_flask(base_url, *args, stdin="") runs `flask ARGS` against the
    database of the live server at base_url (to add an account, say)."""
    return _run_flask


def _run_flask(base_url: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [str(BIN / "flask"), *args],
        cwd=REPO,
        env=_SERVER_ENVIRONMENTS[base_url],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"flask {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done.stdout


def _database_variable(base_url: str) -> str:
    return "BROWSER_DATABASE_URL_FOR_PORT_" + str(urlsplit(base_url).port)


def _serve(tmp_path_factory, mail_folder, host: str) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("browser-server")
    database_url = os.environ.get("BROWSER_DATABASE_URL") or f"sqlite:///{workdir}/portal.sqlite"
    port = _free_port()
    base_url = f"http://{host}:{port}"
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "browser-checks-secret-key-not-for-use-anywhere-else",
        # Emailed links the journeys follow point at this server.
        "PUBLIC_BASE_URL": base_url,
        "DEMO_STAFF_PASSWORD": DEMO_PASSWORD,
        "DEMO_TOTP_SECRET": DEMO_TOTP_SECRET,
        # The checks sign in several times within a minute; rate limits are
        # covered by the unit suite, not here.
        "RATELIMIT_ENABLED": "false",
        "MAIL_FOLDER": str(mail_folder),
        "MAIL_BACKEND": "file",
        "MAIL_SEND_AFTER_COMMIT": "true",
        "PYTHONUNBUFFERED": "1",
    }
    _SERVER_ENVIRONMENTS[base_url] = env
    # test_reflow imports this file a second time (as tests.browser.conftest),
    # with a dictionary of its own: the environment is shared through this.
    os.environ[_database_variable(base_url)] = database_url
    _compile_translations(env)
    _run([str(BIN / "flask"), "db", "upgrade"], env)
    _run([str(BIN / "flask"), "demo-data"], env)

    log_path = workdir / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                "1",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(f"{base_url}/healthz"):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"the portal did not come up on {base_url} "
                        f"(exit code {process.poll()}):\n{log_path.read_text()}"
                    )
                time.sleep(0.1)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    log_text = log_path.read_text()
    if "Traceback" in log_text:
        pytest.fail(
            f"the portal logged an exception while the browser checks ran:\n"
            f"{log_text[log_text.index('Traceback') - 200 :][:4000]}",
            pytrace=False,
        )


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing_tool(
            f"Chromium is not at {CHROMIUM}: apt-get install chromium "
            "(or set BROWSER_CHROMIUM to its path)"
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@dataclass
class Journal:
    """Everything a page did that a visitor could be let down by."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[tuple[int, str]] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self, expected: tuple[int, str] | None = None) -> list[str]:
        """Every problem, leaving out the page's own expected error status
        (``expected`` is (status, url): a 404 page answers 404, a form with
        errors 400) and the console line Chromium logs about it."""
        problems = [f"request failed: {entry}" for entry in self.failed_requests]
        problems += [f"request to another host: {url}" for url in self.foreign_requests]
        problems += [
            f"HTTP {status}: {url}"
            for status, url in self.error_responses
            if (status, url) != expected
        ]
        for message in self.console_errors:
            if (
                expected
                and message.startswith(
                    f"Failed to load resource: the server responded with a status of {expected[0]} "
                )
                and message.endswith(f"({expected[1]})")
            ):
                continue
            problems.append(f"console error: {message}")
        return problems


def new_context(browser, base_url: str, language: str = "en", storage_state=None):
    """A fresh browser context in the given language that records console
    errors, failed requests and any request leaving the server under test."""
    context = browser.new_context(
        base_url=base_url,
        locale=LOCALES[language],
        storage_state=storage_state,
        viewport={"width": 1280, "height": 800},
    )
    context.add_cookies([{"name": "language", "value": language, "url": base_url}])
    journal = Journal(base_url)
    origin = urlsplit(base_url)

    def foreign(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return False
        return (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc)

    def block(route) -> None:
        journal.foreign_requests.append(route.request.url)
        route.abort()

    context.route(foreign, block)

    def watch(page) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url", "") if message.location else ""
                journal.console_errors.append(f"{message.text} ({where})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: journal.console_errors.append(f"uncaught: {error}"))
        # A request still in flight when the page navigates on is cancelled
        # with ERR_ABORTED (Chromium asks for the old page's favicon just as
        # the next page is requested): that is not the portal's fault.
        state = {"document": 0, "navigating": False}
        issued: dict = {}

        def on_request(request) -> None:
            if request.is_navigation_request() and request.frame == page.main_frame:
                state["document"] += 1
                state["navigating"] = True
            else:
                issued[request] = (state["document"], state["navigating"])

        def on_navigated(frame) -> None:
            if frame == page.main_frame:
                state["navigating"] = False

        def on_request_failed(request) -> None:
            if foreign(request.url):
                return
            failure = request.failure or ""
            document, during_navigation = issued.get(request, (state["document"], False))
            if "ERR_ABORTED" in failure and (during_navigation or document < state["document"]):
                return
            journal.failed_requests.append(f"{request.url} ({failure})")

        page.on("framenavigated", on_navigated)
        page.on("request", on_request)
        page.on("requestfailed", on_request_failed)
        page.on(
            "response",
            lambda response: (
                journal.error_responses.append((response.status, response.url))
                if response.status >= 400
                else None
            ),
        )

    context.on("page", watch)
    return context, journal


@pytest.fixture(scope="session")
def demo_staff() -> tuple[str, str]:
    """The demo account's email address and password."""
    return DEMO_EMAIL, DEMO_PASSWORD


def enter_one_time_code(page, secret: str = DEMO_TOTP_SECRET) -> None:
    """On the page that asks for a code after the password."""
    assert urlsplit(page.url).path == "/staff/sign-in/code", page.url
    page.fill("#code", codes.one_time_code(secret))
    with page.expect_navigation():
        page.click("#main-content form button[type=submit]")


@pytest.fixture(scope="session")
def staff_state(browser, live_server):
    """The cookies of a staff session, signed in once through the real form."""
    context, _journal = new_context(browser, live_server)
    try:
        page = context.new_page()
        page.goto("/staff/sign-in")
        page.fill("#email", DEMO_EMAIL)
        page.fill("#password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("#main-content form button[type=submit]")
        enter_one_time_code(page)
        assert urlsplit(page.url).path == "/inbox/", f"sign-in did not reach the inbox: {page.url}"
        state = context.storage_state()
    finally:
        context.close()
    state["cookies"] = [cookie for cookie in state["cookies"] if cookie["name"] != "language"]
    return state


@pytest.fixture
def open_context(browser, live_server, staff_state):
    """open_context(language, staff=False) -> (context, journal); closed afterwards."""
    opened = []

    def make(language: str = "en", staff: bool = False):
        context, journal = new_context(
            browser, live_server, language, staff_state if staff else None
        )
        opened.append(context)
        return context, journal

    yield make
    for context in opened:
        context.close()


# --------------------------------------------------------------------------
# The pages under test
# --------------------------------------------------------------------------


def _goto(path: str) -> Callable:
    def visit(page, base_url: str):
        return page.goto(path)

    return visit


# A plan item staff have written only in English (the demo council writes
# both languages for everything), added to the live server's database once.
ENGLISH_ONLY_PLAN = "winter-night-shelter-english-only"
ENGLISH_ONLY_PLAN_TITLE = "Winter night shelter"
# A script for `flask shell`; it adds the item once, however often it runs.
ADD_ENGLISH_ONLY_PLAN = """
from sqlalchemy import select
from app.core.db import db
from app.core.models import ServiceArea
from app.plans.models import PlanItem
from app.plans.services import create_plan, set_status
SLUG = "winter-night-shelter-english-only"
AREA = "housing-and-homelessness"
if db.session.scalar(select(PlanItem).where(PlanItem.slug == SLUG)) is None:
    area = db.session.scalar(select(ServiceArea).where(ServiceArea.slug == AREA))
    item = create_plan(db.session, dict(
        title="Winter night shelter",
        summary="A winter night shelter run with churches and community halls.",
        description_html="<p>From December to March, a bed, a hot meal and advice every night.</p>",
        service_area_id=area.id, commissioning_route="make", cycle_stage="plan",
        procurement_route="in_house", cpv_division="98", estimated_annual_value=90000,
        suitable_for_sme=False, suitable_for_vcs=True,
        contact_name="Chloe Brannigan", contact_email="rough.sleeping@elmsworth.gov.example",
        contact_phone=None, lots=[]), slug=SLUG)
    set_status(db.session, item, "published")
    db.session.commit()

print("plan", db.session.scalar(select(PlanItem.status).where(PlanItem.slug == SLUG)))
"""


def english_only_plan(page, base_url: str):
    """Visit the plan item written only in English, adding it first."""
    said = _run_flask(base_url, "shell", stdin=ADD_ENGLISH_ONLY_PLAN)
    assert "plan published" in said, said
    return page.goto(f"/plans/{ENGLISH_ONLY_PLAN}")


# The demo's open consultation, with a young people's version.
_YOUTH_CLUB = "table a.govuk-link:has-text('Youth club evenings')"


def _first_link(listing: str, selector: str, suffix: str = "") -> Callable:
    def visit(page, base_url: str):
        page.goto(listing)
        href = page.locator(selector).first.get_attribute("href")
        assert href, f"no link matching {selector!r} on {listing}"
        return page.goto(urljoin(base_url, href) + suffix)

    return visit


def _submit(path: str, fields: dict[str, str] | None = None) -> Callable:
    def visit(page, base_url: str):
        page.goto(path)
        for selector, value in (fields or {}).items():
            page.fill(selector, value)
        with page.expect_navigation() as navigation:
            page.click("#main-content form[method=post] button[type=submit]")
        return navigation.value

    return visit


def _submit_after(visit_form: Callable, fields: dict[str, str]) -> Callable:
    """Open a form another way, change some fields, and send it."""

    def visit(page, base_url: str):
        visit_form(page, base_url)
        for selector, value in fields.items():
            page.fill(selector, value)
        with page.expect_navigation() as navigation:
            page.click("#main-content form[method=post] button[type=submit]")
        return navigation.value

    return visit


def _lot_page(suffix: str = "", *, first_lot: bool = False, submit: bool = False) -> Callable:
    """A page of the lots of the demo's home care item, divided by locality."""

    def visit(page, base_url: str):
        page.goto("/admin/plans/?q=commissioned+by+locality")
        item = urljoin(base_url, page.locator("table a.govuk-link").first.get_attribute("href"))
        if first_lot:
            page.goto(item)
            href = page.locator(
                ".govuk-summary-card__actions a[href*='/lots/']"
            ).first.get_attribute("href")
            return page.goto(urljoin(base_url, href))
        response = page.goto(item + suffix)
        if submit:
            with page.expect_navigation() as navigation:
                page.click("#main-content form[method=post] button[type=submit]")
            return navigation.value
        return response

    return visit


def _booking_action(action: str) -> Callable:
    """The first demo event with a booking: its move or cancel page for that booking."""

    def visit(page, base_url: str):
        page.goto("/admin/events/")
        events = page.locator("table a.govuk-link").evaluate_all(
            "(links) => links.map(a => a.href)"
        )
        for href in events:
            page.goto(href)
            link = page.locator(f"#main-content a[href*='/bookings/'][href$='/{action}']")
            if link.count():
                return page.goto(urljoin(base_url, link.first.get_attribute("href")))
        raise AssertionError("no demo event has a booking")

    return visit


@dataclass(frozen=True)
class SitePage:
    name: str
    visit: Callable
    status: int = 200
    staff: bool = False
    has_error_summary: bool = False


SITE_PAGES = [
    SitePage("home", _goto("/")),
    SitePage("plans", _goto("/plans/")),
    SitePage("plans-filtered", _goto("/plans/?q=care&stage=plan&sme=yes")),
    SitePage("plans-no-results", _goto("/plans/?q=zzzznothing")),
    SitePage("plan-detail", _first_link("/plans/", ".app-plan-list a.govuk-link")),
    # An item without Welsh: English marked lang="en", with the Welsh note.
    SitePage("plan-detail-english-only", english_only_plan),
    # Lots with their values, periods and Welsh titles.
    SitePage("plan-detail-lots", _goto("/plans/home-care-by-locality")),
    SitePage("privacy", _goto("/privacy")),
    SitePage("privacy-young-people", _goto("/privacy/young-people")),
    SitePage("accessibility", _goto("/accessibility")),
    SitePage("cookies", _goto("/cookies")),
    SitePage("sign-in", _goto("/staff/sign-in")),
    SitePage(
        "sign-in-failed",
        _submit("/staff/sign-in", {"#email": DEMO_EMAIL, "#password": "not the password"}),
        status=400,
        has_error_summary=True,
    ),
    SitePage("not-found", _goto("/no-such-page"), status=404),
    SitePage("consultations", _goto("/consultations/")),
    SitePage("consultations-filtered", _goto("/consultations/?q=youth&status=open")),
    SitePage("consultations-no-results", _goto("/consultations/?q=zzzznothing")),
    SitePage(
        "consultation-open",
        _first_link("/consultations/?status=open", ".app-consultation-list a.govuk-link"),
    ),
    SitePage(
        "consultation-closed",
        _first_link("/consultations/?status=closed", ".app-consultation-list a.govuk-link"),
    ),
    SitePage(
        "consultation-forthcoming",
        _first_link("/consultations/?status=forthcoming", ".app-consultation-list a.govuk-link"),
    ),
    SitePage(
        "consultation-outcome",
        _first_link(
            "/consultations/?status=closed", ".app-consultation-list a.govuk-link", "/outcome"
        ),
    ),
    SitePage(
        "consultation-outcome-to-follow",
        _first_link(
            "/consultations/?status=open", ".app-consultation-list a.govuk-link", "/outcome"
        ),
    ),
    SitePage(
        "consultation-respond",
        _first_link(
            "/consultations/?status=open", ".app-consultation-list a.govuk-link", "/respond"
        ),
    ),
    SitePage(
        "consultation-respond-errors",
        _submit("/consultations/youth-club-evenings-and-weekends/respond"),
        status=400,
        has_error_summary=True,
    ),
    SitePage(
        "consultation-closed-respond",
        _first_link(
            "/consultations/?status=closed", ".app-consultation-list a.govuk-link", "/respond"
        ),
    ),
    SitePage(
        "consultation-young-people",
        _goto("/consultations/youth-club-evenings-and-weekends/young-people"),
    ),
    SitePage(
        "consultation-young-people-errors",
        _submit("/consultations/youth-club-evenings-and-weekends/young-people"),
        status=400,
        has_error_summary=True,
    ),
    SitePage("suppliers-register", _goto("/suppliers/register")),
    SitePage(
        "suppliers-register-errors",
        _submit("/suppliers/register", {"#charity_number": "12AB", "#postcode": "nowhere"}),
        status=400,
        has_error_summary=True,
    ),
    SitePage("suppliers-sign-in", _goto("/suppliers/sign-in")),
    SitePage(
        "suppliers-sign-in-errors",
        _submit("/suppliers/sign-in", {"#email": "not an email"}),
        status=400,
        has_error_summary=True,
    ),
    SitePage(
        "suppliers-check-email",
        _submit("/suppliers/sign-in", {"#email": "someone@example.org"}),
    ),
    SitePage("suppliers-link-form", _goto("/suppliers/sign-in/not-a-real-token")),
    SitePage("suppliers-unsubscribe-bad", _goto("/suppliers/unsubscribe/not-a-token"), status=404),
    SitePage("events", _goto("/events/")),
    SitePage("events-detail", _goto("/events/meet-the-buyer-care-and-support-at-home")),
    SitePage("events-detail-past", _goto("/events/meet-the-buyer-community-libraries")),
    SitePage("events-book-sign-in", _goto("/events/meet-the-buyer-care-and-support-at-home/book")),
    SitePage(
        "events-register-and-book",
        _goto("/events/meet-the-buyer-care-and-support-at-home/book/register"),
    ),
    SitePage(
        "events-register-and-book-errors",
        _submit(
            "/events/meet-the-buyer-care-and-support-at-home/book/register",
            {"#charity_number": "12AB", "#names": " "},
        ),
        status=400,
        has_error_summary=True,
    ),
    SitePage("survey", _goto("/survey/")),
    SitePage("survey-start", _goto("/survey/start")),
    SitePage("survey-link-not-valid", _goto("/survey/i/not-a-token"), status=404),
    SitePage("survey-opt-out-not-valid", _goto("/survey/opt-out/not-a-token"), status=404),
    SitePage("inbox", _goto("/inbox/"), staff=True),
    SitePage("inbox-reports", _goto("/inbox/reports"), staff=True),
    SitePage("inbox-workload", _goto("/inbox/workload"), staff=True),
    SitePage("inbox-workload-overdue", _goto("/inbox/?open=1&due=overdue"), staff=True),
    SitePage("inbox-item", _first_link("/inbox/", "table a.govuk-link"), staff=True),
    SitePage("admin", _goto("/admin/"), staff=True),
    SitePage("staff-account", _goto("/staff/account/"), staff=True),
    SitePage("staff-security-keys", _goto("/staff/account/security-keys"), staff=True),
    SitePage("staff-security-key-add", _goto("/staff/account/security-keys/add"), staff=True),
    SitePage("staff-password", _goto("/staff/account/password"), staff=True),
    SitePage("staff-forgotten-password", _goto("/staff/reset-password")),
    SitePage("admin-outbox", _goto("/admin/outbox"), staff=True),
    SitePage("admin-translations", _goto("/admin/translations/"), staff=True),
    SitePage("admin-users", _goto("/admin/users"), staff=True),
    SitePage("admin-users-invite", _goto("/admin/users/invite"), staff=True),
    SitePage("admin-user", _first_link("/admin/users", "#main-content tbody a"), staff=True),
    SitePage("staff-account", _goto("/staff/account/"), staff=True),
    SitePage("new-recovery-codes", _goto("/staff/account/recovery-codes/new"), staff=True),
    # The demo account is an administrator: told why codes stay on.
    SitePage("turn-off-codes", _goto("/staff/account/one-time-codes/turn-off"), staff=True),
    SitePage("admin-audit", _goto("/admin/audit"), staff=True),
    SitePage("admin-retention", _goto("/admin/retention"), staff=True),
    SitePage(
        "admin-retention-errors",
        _submit("/admin/retention", {"#event_access_needs_amount": "0"}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-legal-holds", _goto("/admin/legal-holds"), staff=True),
    SitePage(
        "admin-legal-holds-errors",
        _submit("/admin/legal-holds", {"#reference": "not a reference"}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "admin-erasure",
        _goto("/admin/subject-access/erasure?q=ama.mensah@brooksidelarder.example"),
        staff=True,
    ),
    SitePage(
        "admin-erasure-errors",
        _submit("/admin/subject-access/erasure?q=ama.mensah@brooksidelarder.example", {}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-subject-access", _goto("/admin/subject-access"), staff=True),
    SitePage(
        "admin-subject-access-results",
        _goto("/admin/subject-access?q=ama.mensah@brooksidelarder.example"),
        staff=True,
    ),
    SitePage(
        "admin-subject-access-errors",
        _goto("/admin/subject-access?q=ab"),
        staff=True,
        status=400,
        has_error_summary=True,
    ),
    SitePage("admin-plans", _goto("/admin/plans/"), staff=True),
    SitePage("admin-plan-new", _goto("/admin/plans/new"), staff=True),
    SitePage(
        "admin-plan-new-errors",
        _submit("/admin/plans/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-events", _goto("/admin/events/"), staff=True),
    SitePage("admin-events-new", _goto("/admin/events/new"), staff=True),
    SitePage(
        "admin-events-new-errors",
        _submit("/admin/events/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-events-show", _first_link("/admin/events/", "table a.govuk-link"), staff=True),
    SitePage(
        "admin-events-edit",
        _first_link("/admin/events/", "table a.govuk-link", "/edit"),
        staff=True,
    ),
    SitePage(
        "admin-events-message",
        _first_link("/admin/events/", "table a.govuk-link", "/message"),
        staff=True,
    ),
    # Every demo event is published, so the first can be cancelled: the question page.
    SitePage(
        "admin-events-cancel",
        _first_link("/admin/events/", "table a.govuk-link", "/cancel"),
        staff=True,
    ),
    # Staff acting for someone, and the list for the door on the day.
    SitePage(
        "admin-events-add-booking",
        _first_link("/admin/events/", "table a.govuk-link", "/bookings/new"),
        staff=True,
    ),
    SitePage(
        "admin-events-add-booking-errors",
        _submit_after(
            _first_link("/admin/events/", "table a.govuk-link", "/bookings/new"),
            {"#name": "", "#email": "not an address"},
        ),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "admin-events-check-in",
        _first_link("/admin/events/", "table a.govuk-link", "/check-in"),
        staff=True,
    ),
    SitePage("admin-events-move-booking", _booking_action("move"), staff=True),
    SitePage("admin-events-cancel-booking", _booking_action("cancel"), staff=True),
    SitePage("admin-plan", _first_link("/admin/plans/", "table a.govuk-link"), staff=True),
    SitePage("admin-surveys", _goto("/admin/surveys/"), staff=True),
    SitePage("admin-surveys-new", _goto("/admin/surveys/new"), staff=True),
    SitePage(
        "admin-surveys-new-errors",
        _submit("/admin/surveys/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-consultations", _goto("/admin/consultations/"), staff=True),
    SitePage("admin-consultation-new", _goto("/admin/consultations/new"), staff=True),
    SitePage(
        "admin-consultation-new-errors",
        _submit("/admin/consultations/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "admin-consultation",
        _first_link("/admin/consultations/", "table a.govuk-link"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-edit",
        _first_link("/admin/consultations/", "table a.govuk-link", "/edit"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-analysis",
        _first_link("/admin/consultations/", "table a.govuk-link", "/analysis"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-outcome",
        _first_link(
            "/admin/consultations/",
            "table a.govuk-link:has-text('Library opening hours')",
            "/outcome",
        ),
        staff=True,
    ),
    SitePage(
        "admin-consultation-outcome-errors",
        _submit_after(
            _first_link(
                "/admin/consultations/",
                "table a.govuk-link:has-text('Library opening hours')",
                "/outcome",
            ),
            {"#outcome_asked": ""},
        ),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "admin-consultation-documents",
        _first_link("/admin/consultations/", "table a.govuk-link", "/documents"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-safeguarding", _goto("/admin/consultations/safeguarding"), staff=True
    ),
    SitePage(
        "admin-consultation-question-new",
        _first_link("/admin/consultations/", "table a.govuk-link", "/questions/new"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-preview",
        _first_link("/admin/consultations/", _YOUTH_CLUB, "/preview"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-preview-young",
        _first_link("/admin/consultations/", _YOUTH_CLUB, "/preview?version=young_people"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-close",
        _first_link("/admin/consultations/", _YOUTH_CLUB, "/close"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-copy",
        _first_link("/admin/consultations/", "table a.govuk-link", "/copy"),
        staff=True,
    ),
    SitePage(
        "admin-consultation-analysis-groups",
        _first_link(
            "/admin/consultations/",
            "table a.govuk-link:has-text('Library opening hours')",
            "/analysis?group_by=respondent",
        ),
        staff=True,
    ),
    SitePage(
        "admin-plan-edit", _first_link("/admin/plans/", "table a.govuk-link", "/edit"), staff=True
    ),
    SitePage("admin-plan-lots", _lot_page(), staff=True),
    SitePage("admin-plan-lot-new", _lot_page("/lots/new"), staff=True),
    SitePage(
        "admin-plan-lot-new-errors",
        _lot_page("/lots/new", submit=True),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-plan-lot-edit", _lot_page(first_lot=True), staff=True),
]


from tests.browser import challenge_pages as rtc  # noqa: E402

SITE_PAGES += [
    SitePage("rtc-overview", _goto("/right-to-challenge/")),
    SitePage("rtc-register", _goto("/right-to-challenge/register")),
    SitePage("rtc-apply-start", _goto("/right-to-challenge/apply")),
    SitePage("rtc-apply-body", rtc.walk_to("body")),
    SitePage("rtc-apply-company-warned", rtc.company_warned),
    SitePage(
        "rtc-apply-other-service-errors",
        rtc.other_service_errors,
        status=400,
        has_error_summary=True,
    ),
    SitePage("rtc-apply-service", rtc.walk_to("service")),
    SitePage(
        "rtc-apply-excluded-refused",
        rtc.refused_service("Reablement and intermediate care"),
        status=400,
        has_error_summary=True,
    ),
    SitePage(
        "rtc-apply-window-refused",
        rtc.refused_service("Coldwater youth centre"),
        status=400,
        has_error_summary=True,
    ),
    SitePage("rtc-apply-finance", rtc.walk_to("finance")),
    SitePage("rtc-apply-partners", rtc.walk_to("partners")),
    SitePage("rtc-apply-partner-add", rtc.walk_to("partners/add")),
    SitePage("rtc-apply-documents", rtc.walk_to("documents")),
    SitePage("rtc-apply-check", rtc.check_answers),
    SitePage("rtc-apply-save", rtc.walk_to("save")),
    SitePage("rtc-apply-tasks", rtc.walk_to("tasks")),
    SitePage("rtc-track", _goto("/track")),
    SitePage("rtc-track-errors", _submit("/track"), status=400, has_error_summary=True),
    SitePage("admin-challenge-services", _goto("/admin/challenge-services/"), staff=True),
    SitePage(
        "admin-challenge-service",
        _first_link("/admin/challenge-services/", "table a.govuk-link"),
        staff=True,
    ),
    SitePage("admin-challenge-service-new", _goto("/admin/challenge-services/new"), staff=True),
    SitePage(
        "admin-challenge-service-new-errors",
        _submit("/admin/challenge-services/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "inbox-challenge-item",
        _first_link("/inbox/?kind=challenge", "table a.govuk-link"),
        staff=True,
    ),
    SitePage("rtc-decision-date", rtc.staff_decision("decision-date"), staff=True),
    SitePage(
        "rtc-reject-errors",
        rtc.staff_decision("reject", submit=True),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "rtc-procurement",
        rtc.staff_decision("procurement", status="accepted"),
        staff=True,
    ),
    SitePage(
        "rtc-procurement-errors",
        rtc.procurement_errors,
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage(
        "inbox-challenge-accepted-item",
        _first_link("/inbox/?kind=challenge&status=accepted", "table a.govuk-link"),
        staff=True,
    ),
]


def _survey_summary() -> Callable:
    """The oldest wave's "You said, we did", reached from the trends page."""

    def visit(page, base_url: str):
        page.goto("/admin/surveys/trends")
        href = page.locator(".app-trend-waves a.govuk-link").first.get_attribute("href")
        assert href, "no wave on the trends page"
        assert href.endswith("/results"), href
        return page.goto(urljoin(base_url, href.removesuffix("/results") + "/summary"))

    return visit


SITE_PAGES += [
    SitePage("survey-results", _goto("/survey/results")),
    SitePage(
        "survey-results-wave",
        _first_link("/survey/results", ".app-survey-wave a.govuk-link"),
    ),
    SitePage("admin-survey-trends", _goto("/admin/surveys/trends"), staff=True),
    SitePage(
        "admin-survey-results",
        _first_link("/admin/surveys/trends", ".app-trend-waves a.govuk-link"),
        staff=True,
    ),
    SitePage(
        "admin-survey-results-filtered",
        _first_link(
            "/admin/surveys/trends",
            ".app-trend-waves a.govuk-link",
            "?org_type=charity&income_band=10k_100k",
        ),
        staff=True,
    ),
    SitePage("admin-survey-summary", _survey_summary(), staff=True),
    SitePage(
        "admin-survey-summary-errors",
        _submit_after(_survey_summary(), {"#you_said": "", "#we_did": ""}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
]


def pytest_generate_tests(metafunc) -> None:
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize(
            ("site_page", "language"),
            [(page, language) for page in SITE_PAGES for language in LANGUAGES],
            ids=[f"{page.name}-{language}" for page in SITE_PAGES for language in LANGUAGES],
        )


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def all_site_pages() -> list[tuple[SitePage, str]]:
    """Every (page, language) pair, for checks that take them all at once."""
    return [(page, language) for language in LANGUAGES for page in SITE_PAGES]


@pytest.fixture(scope="session")
def nu_checker() -> list[str]:
    """The command that runs the Nu Html Checker, less its arguments."""
    java = shutil.which("java")
    if not java:
        missing_tool("java is not installed: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        missing_tool(f"the Nu checker is missing at {VNU_JAR}: cd assets && npm ci")
    return [java, "-jar", str(VNU_JAR)]


# --------------------------------------------------------------------------
# Pages added since the first sweep: the staff settings, the pipeline notice,
# reply templates, suggested themes and what /track answers.
# --------------------------------------------------------------------------


def _database_row(base_url: str, sql: str, **params) -> tuple:
    """One row from the live server's own database (references are random
    each time the demo data is made, so a check looks them up)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ[_database_variable(base_url)])
    try:
        with engine.connect() as connection:
            row = connection.execute(text(sql), params).first()
    finally:
        engine.dispose()
    assert row is not None, f"no row for {sql} {params}"
    return tuple(row)


def _track(kind: str, wrong_email: bool = False) -> Callable:
    """/track answered for the first demo submission of a kind, by the
    reference and email address its sender has (or a wrong address)."""

    def visit(page, base_url: str):
        if kind == "young_people_response":
            (reference,) = _database_row(
                base_url,
                "SELECT reference FROM inbox_item WHERE kind = :kind ORDER BY id",
                kind=kind,
            )
            email = "someone@example.org"
        else:
            reference, email = _database_row(
                base_url,
                "SELECT reference, submitter_email FROM inbox_item "
                "WHERE kind = :kind AND submitter_email <> '' ORDER BY id",
                kind=kind,
            )
        if wrong_email:
            email = "not.the.sender@example.org"
        return _submit("/track", {"#reference": reference, "#email": email})(page, base_url)

    return visit


def _reply_template(edit: bool = False) -> Callable:
    """The reply templates, or the first one's edit form (one is written
    first when there is none yet)."""

    def visit(page, base_url: str):
        page.goto("/admin/reply-templates")
        listed = page.locator("#main-content table a.govuk-link")
        if listed.count() == 0:
            _submit(
                "/admin/reply-templates/new",
                {
                    "#name": "Thank you",
                    "#body_en": "Dear {name}, thank you for your response {reference}.",
                    "#body_cy": "Annwyl {name}, diolch am eich ymateb {reference}.",
                },
            )(page, base_url)
        response = page.goto("/admin/reply-templates")
        if not edit:
            return response
        href = listed.first.get_attribute("href")
        assert href, "no reply template to edit"
        return page.goto(urljoin(base_url, href))

    return visit


def _themes(open_question: Callable) -> Callable:
    """A free-text question's suggested themes, asked for first if none have
    been suggested yet, so the page shows real suggestions."""

    def visit(page, base_url: str):
        open_question(page, base_url)
        if page.locator(".app-suggested-theme").count() == 0:
            suggest = page.locator("#main-content form[action$='/suggest'] button[type=submit]")
            if suggest.count():
                with page.expect_navigation():
                    suggest.first.click()
        deadline = time.monotonic() + 60
        response = page.reload()
        while page.locator(".app-suggested-theme").count() == 0:
            assert time.monotonic() < deadline, f"no suggested themes within a minute: {page.url}"
            time.sleep(1)
            response = page.reload()
        return response

    return visit


def _consultation_themes(page, base_url: str):
    """The demo youth club consultation's free-text question (found in the
    database: the analysis page that links to it is checked on its own)."""
    consultation_id, question_id = _database_row(
        base_url,
        "SELECT consultation.id, consultation_question.id FROM consultation "
        "JOIN consultation_question ON consultation_question.consultation_id = consultation.id "
        "WHERE consultation.slug = :slug AND consultation_question.kind = 'free_text' "
        "ORDER BY consultation_question.id",
        slug="youth-club-evenings-and-weekends",
    )
    return page.goto(f"/admin/consultations/{consultation_id}/questions/{question_id}/themes")


def _survey_themes(page, base_url: str):
    """The survey's free-text question with the most answers, enough for themes."""
    wave_id, question_id = _database_row(
        base_url,
        "SELECT survey_question.wave_id, survey_question.id FROM survey_question "
        "JOIN survey_answer ON survey_answer.question_id = survey_question.id "
        "WHERE survey_question.kind = 'text' AND survey_answer.text <> '' "
        "GROUP BY survey_question.wave_id, survey_question.id "
        "ORDER BY count(survey_answer.id) DESC, survey_question.id",
    )
    return page.goto(f"/admin/surveys/{wave_id}/questions/{question_id}/themes")


SITE_PAGES += [
    SitePage("admin-settings", _goto("/admin/settings"), staff=True),
    SitePage(
        "admin-settings-errors",
        _submit("/admin/settings", {"#team_email": "not an email address"}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-procurement-settings", _goto("/admin/procurement-settings"), staff=True),
    SitePage(
        "admin-procurement-settings-errors",
        _submit("/admin/procurement-settings", {"#ppon": "not a PPON", "#ocid_prefix": "ocds"}),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-reply-templates", _reply_template(), staff=True),
    SitePage("admin-reply-template-new", _goto("/admin/reply-templates/new"), staff=True),
    SitePage(
        "admin-reply-template-new-errors",
        _submit("/admin/reply-templates/new"),
        status=400,
        staff=True,
        has_error_summary=True,
    ),
    SitePage("admin-reply-template-edit", _reply_template(edit=True), staff=True),
    SitePage("admin-plans-pipeline", _goto("/admin/plans/pipeline"), staff=True),
    SitePage("admin-plans-cpv-codes", _goto("/admin/plans/cpv-codes"), staff=True),
    SitePage(
        "admin-plans-cpv-codes-results", _goto("/admin/plans/cpv-codes?q=cleaning"), staff=True
    ),
    SitePage("admin-consultation-themes", _themes(_consultation_themes), staff=True),
    SitePage("admin-survey-themes", _themes(_survey_themes), staff=True),
    SitePage(
        "admin-survey",
        _first_link("/admin/surveys/", "#main-content table a.govuk-link"),
        staff=True,
    ),
    SitePage(
        "admin-challenge-service-edit",
        _first_link("/admin/challenge-services/", "table a.govuk-link", "/edit"),
        staff=True,
    ),
    SitePage("track-consultation-response", _track("consultation_response")),
    SitePage("track-event-booking", _track("event_booking")),
    SitePage("track-supplier-registration", _track("supplier_registration")),
    SitePage("track-challenge", _track("challenge")),
    SitePage("track-young-people", _track("young_people_response")),
    SitePage(
        "track-not-found",
        _track("consultation_response", wrong_email=True),
        status=400,
        has_error_summary=True,
    ),
]
