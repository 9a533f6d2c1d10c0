"""Benchmark: how many consultation responses per second the portal takes
on PostgreSQL, against a bare Flask app saving the same form.

1. Makes a fresh PostgreSQL database ``bench_consult`` (BENCH_DATABASE_URL
   names the server; default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
   runs ``flask db upgrade`` and ``flask demo-data`` (whose open consultation,
   "Youth club evenings and weekends", has six questions on three pages).
2. Starts the portal and bench/bare_respond_app.py, each under
   ``gunicorn --workers 2`` on loopback, rate limits off.
3. In each round, BENCH_CONNECTIONS clients walk BENCH_RESPONSES respondents
   through the real form (about you, three question pages, equality
   monitoring skipped, check your answers): that gives full journeys per
   second. Then they all press "Send your response" together: that gives
   responses per second for the step that makes the response (the response,
   its answers, its inbox item and its acknowledgement email, in one
   transaction, closing time re-checked). The bare app takes the same POST
   bodies in the same way.
4. Checks that every response reached the inbox exactly once, prints the
   medians and writes bench/results/consultation_respond.json.

Run: ``.venv/bin/python bench/consultation_respond.py``. Nothing leaves the machine.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
BIN = Path(sys.executable).parent
RESULTS = BENCH_DIR / "results" / "consultation_respond.json"
SLUG = "youth-club-evenings-and-weekends"
DATABASE = "bench_consult"
SERVER_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
RESPONSES = int(os.environ.get("BENCH_RESPONSES", 300))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
# BENCH_THREADS above 1 runs gthread workers, as the README's production
# command does (4 workers of 4 threads); the bare app runs the same way.
THREADS = int(os.environ.get("BENCH_THREADS", 1))
WORKER_ARGS = ["--worker-class", "gthread", "--threads", str(THREADS)] if THREADS > 1 else []
WORKER_KIND = f"gthread workers of {THREADS} threads" if THREADS > 1 else "sync workers"

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
CHOICE = re.compile(r'name="(q\d+)" type="(radio|checkbox)" value="([^"]*)"')
SELECT = re.compile(r'<select class="govuk-select[^"]*" id="[^"]+" name="(q\d+)"')
TEXTAREA = re.compile(r'<textarea class="govuk-textarea[^"]*" id="[^"]+" name="(q\d+)"')


def database_url() -> str:
    return make_url(SERVER_URL).set(database=DATABASE).render_as_string(hide_password=False)


def fresh_database() -> None:
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()


def drop_database() -> None:
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    admin.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def portal_env() -> dict:
    return {
        **os.environ,
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "bench-secret-key-not-for-use-anywhere-else-at-all",
        "RATELIMIT_ENABLED": "false",
        "MAIL_SEND_AFTER_COMMIT": "false",
        "DEMO_STAFF_PASSWORD": "bench demo password",
    }


class Server:
    def __init__(self, app: str, cwd: Path, env: dict):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(WORKERS), *WORKER_ARGS, "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", app],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{app} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


class Client:
    """One browser: keeps its session cookie, one keep-alive connection."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, form: list | None = None):
        body = urllib.parse.urlencode(form or [])
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body if method == "POST" else None,
                                  headers=headers)  # fmt: skip
                response = self.conn.getresponse()
                data = response.read().decode()
                break
            except (http.client.HTTPException, OSError, AttributeError):
                # gunicorn closes idle keep-alive connections (http.client can
                # then fail inside read() with an AttributeError).
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):
                self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def post(self, path: str, page: str, fields: list, expect: int = 302) -> None:
        token = CSRF.search(page).group(1)
        status, body = self.request("POST", path, [("csrf_token", token), *fields])
        if status != expect:
            raise RuntimeError(f"POST {path} answered {status}: {body[:300]}")


def answers_for(page: str, number: int) -> list:
    fields, seen = [], set()
    for name, _kind, value in CHOICE.findall(page):
        if name not in seen:
            fields.append((name, value))
            seen.add(name)
    selects: dict[str, int] = {}
    for name in SELECT.findall(page):
        selects[name] = selects.get(name, 0) + 1
    for name, count in selects.items():
        fields += [(name, str(rank)) for rank in range(count, 0, -1)]
    for name in TEXTAREA.findall(page):
        fields.append((name, f"Saturday afternoons would suit me better (respondent {number})."))
    return fields


def prepare(port: int, number: int) -> tuple[Client, str]:
    """Walk one respondent to check-your-answers; returns the client and that page."""
    client = Client(port)
    base = f"/consultations/{SLUG}/respond"
    _status, page = client.request("GET", base)
    client.post(base, page, [("respondent_type", "individual"),
                             ("email", f"bench{number}@example.com")])  # fmt: skip
    for page_number in (1, 2, 3):
        path = f"{base}/questions/{page_number}"
        _status, page = client.request("GET", path)
        client.post(path, page, answers_for(page, number))
    _status, page = client.request("GET", f"{base}/equality")
    client.post(f"{base}/equality", page, [])
    _status, page = client.request("GET", f"{base}/check")
    return client, page


def send(client: Client, page: str) -> None:
    client.post(
        f"/consultations/{SLUG}/respond/check",
        page,
        [("submission_key", KEY.search(page).group(1))],
    )


def timed(jobs, function) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(lambda job: function(*job), jobs))
    return time.perf_counter() - started


def bare_body(page: str) -> list:
    return [("submission_key", KEY.search(page).group(1)), *answers_for(page, 0)]


def main() -> int:
    if not make_url(SERVER_URL).drivername.startswith("postgresql"):
        print("This benchmark measures PostgreSQL: set BENCH_DATABASE_URL to a server.")
        return 2
    fresh_database()
    env = portal_env()
    for command in (["db", "upgrade"], ["demo-data"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=REPO, env=env, check=True,
                       capture_output=True)  # fmt: skip
    portal = Server("wsgi:app", REPO, env)
    bare = Server(
        "bare_respond_app:app", BENCH_DIR, {**os.environ, "BARE_DATABASE_URL": database_url()}
    )
    engine = create_engine(database_url())
    os.environ["BARE_DATABASE_URL"] = database_url()
    from bench.bare_respond_app import SCHEMA

    with engine.begin() as conn:
        for statement in SCHEMA:
            conn.execute(text(statement))
    with engine.connect() as conn:
        # The demo data brings responses of its own.
        before = conn.execute(text("SELECT count(*) FROM consultation_response")).scalar_one()
        items_before = conn.execute(text("SELECT count(*) FROM inbox_item")).scalar_one()
    rounds = []
    counter = iter(range(10**9))
    lock = threading.Lock()
    try:
        for round_number in range(1, ROUNDS + 1):
            prepared = []

            def walk(number, prepared=prepared):
                result = prepare(portal.port, number)
                with lock:
                    prepared.append(result)

            journey_seconds = timed([(next(counter),) for _ in range(RESPONSES)], walk)
            bodies = [bare_body(page) for _client, page in prepared]
            portal_seconds = timed(prepared, send)
            # One connection per sending thread: a connection is never shared.
            bare_clients = threading.local()

            def bare_send(index, body, bare_clients=bare_clients):
                if not hasattr(bare_clients, "client"):
                    bare_clients.client = Client(bare.port)
                status, _data = bare_clients.client.request("POST", "/respond", body)
                if status != 302:
                    raise RuntimeError(f"bare app answered {status}")

            bare_seconds = timed(list(enumerate(bodies)), bare_send)
            rounds.append(
                {
                    "journeys_per_second": RESPONSES / journey_seconds,
                    "responses_per_second": RESPONSES / portal_seconds,
                    "bare_per_second": RESPONSES / bare_seconds,
                }
            )
            print(
                f"round {round_number}: full journeys {rounds[-1]['journeys_per_second']:.1f}/s, "
                f"send-your-response {rounds[-1]['responses_per_second']:.1f}/s, "
                f"bare Flask {rounds[-1]['bare_per_second']:.1f}/s"
            )
        with engine.connect() as conn:
            made = conn.execute(text("SELECT count(*) FROM consultation_response")).scalar_one()
            filed = conn.execute(text("SELECT count(*) FROM inbox_item")).scalar_one()
            linked = conn.execute(
                text(
                    "SELECT count(*) FROM consultation_response r "
                    "JOIN inbox_item i ON i.id = r.inbox_item_id"
                )
            ).scalar_one()
        expected = RESPONSES * ROUNDS
        made -= before
        assert made == expected, f"{made} responses saved, expected {expected}"
        assert filed - items_before == expected, "not one inbox item for each response"
        assert linked == made + before, "a response is missing its inbox item"
    finally:
        portal.stop()
        bare.stop()
        engine.dispose()
        drop_database()

    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    median["ratio_to_bare"] = median["responses_per_second"] / median["bare_per_second"]
    result = {
        "database": "PostgreSQL",
        "responses_per_round": RESPONSES,
        "connections": CONNECTIONS,
        "gunicorn_workers": WORKERS,
        "gunicorn_threads": THREADS,
        "rounds": rounds,
        "median": median,
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(
        f"\nmedian of {ROUNDS} rounds ({RESPONSES} respondents each, {CONNECTIONS} connections, "
        f"gunicorn {WORKERS} {WORKER_KIND}, PostgreSQL):\n"
        f"  send-your-response: {median['responses_per_second']:.1f} responses/s "
        f"({median['ratio_to_bare']:.2f} of bare Flask's {median['bare_per_second']:.1f}/s)\n"
        f"  whole journey to check your answers (6 pages, 11 requests): "
        f"{median['journeys_per_second']:.1f} "
        f"respondents/s\n  all {RESPONSES * ROUNDS} responses reached the inbox exactly once"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
