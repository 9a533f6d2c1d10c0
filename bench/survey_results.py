"""Benchmark: the third-sector survey's results pages on PostgreSQL, against
bare Flask apps serving pages of the same sizes.

1. Makes a fresh PostgreSQL database ``bench_survey`` next to
   BENCH_DATABASE_URL's (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
   runs ``flask db upgrade`` and ``flask create-staff`` (a commissioner, the
   role that sees every answer's theme form), then loads eight closed waves
   made by ``create_wave`` (so their questions are the real core questions),
   each with BENCH_RESPONSES sent responses answering every core question,
   a few started but not sent, invitations to a register of organisations
   and a published "You said, we did". Responses and answers go in with bulk
   Core inserts, then ``VACUUM ANALYZE``.
2. Serves the portal under gunicorn (two sync workers, loopback, rate limits
   off, page cache as configured by default) and, for each page measured, a
   bare Flask app (bench/bare_app.py) padded to that page's median size,
   under the same settings.
3. Measures, in alternating rounds, requests per second and p50/p95 for the
   public ``/survey/results``, the staff ``/admin/surveys/<id>/results`` of
   every wave (signed in through /staff/sign-in), the same filtered by
   organisation type and by income band, and ``/admin/surveys/trends``, each
   against its bare twin, and reports each page's ratio portal/bare. It also
   counts the SQL queries each page sends (in-process, through the Flask test
   client) and EXPLAINs the slowest one.

Run: ``make bench-survey`` or ``.venv/bin/python bench/survey_results.py``.
See bench/README.md for the knobs.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "survey_results.json"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH_DIR))

from harness import QueryLog, run_within_budget  # noqa: E402
from plans_list import Server, settle  # noqa: E402  (the same gunicorn settings)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


RESPONSES = _env_int("BENCH_RESPONSES", 2_000)
WAVES = 8
ROUNDS = _env_int("BENCH_ROUNDS", 4)
SECONDS = _env_int("BENCH_SECONDS", 3)
WARMUP_SECONDS = 2
CONNECTIONS = _env_int("BENCH_CONNECTIONS", 8)
WORKERS = 2
BUDGET_SECONDS = _env_int("BENCH_BUDGET_SECONDS", 360)
KEEP_DATABASE = os.environ.get("BENCH_KEEP_DATABASE") == "1"
SERVER_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PG_BENCH_DATABASE = "bench_survey"
# The staff results pages aggregate in SQL; the target is for them.
TARGET = 0.2
STAFF_EMAIL = "bench-survey@elmsworth.gov.example"
PASSWORD = "bench survey results passphrase 2027"
# Flask-Login's "strong" session protection ties the session to the client's
# address and User-Agent, so every client sends the same one.
USER_AGENT = "bench-survey/1"
SEED = 20270401
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

# --- Plausible answers ---------------------------------------------------

# fmt: off
ORG_TYPES = {"charity": 35, "cic": 10, "community_group": 25, "social_enterprise": 9,
             "cbs": 5, "faith_group": 9, "other": 7}
BANDS = ["under_10k", "10k_100k", "100k_1m", "1m_10m", "over_10m"]
# Income by kind of organisation: unregistered groups are small, charities spread out.
BAND_WEIGHTS = {
    "charity": [15, 35, 30, 15, 5], "cic": [20, 40, 30, 9, 1],
    "community_group": [60, 33, 6, 1, 0], "social_enterprise": [15, 35, 35, 14, 1],
    "cbs": [10, 30, 40, 18, 2], "faith_group": [40, 40, 17, 3, 0], "other": [30, 35, 25, 9, 1],
}
# Paid staff follow income.
STAFF = ["none", "1_9", "10_49", "50_249", "250_plus"]
STAFF_WEIGHTS = [[80, 20, 0, 0, 0], [40, 55, 5, 0, 0], [5, 55, 37, 3, 0],
                 [0, 15, 50, 32, 3], [0, 2, 20, 50, 28]]
BARRIERS = {"timescales": 30, "proportionality": 25, "insurance_financial": 15,
            "contract_size": 20, "full_cost": 20, "payment_terms": 10, "not_aware": 15,
            "other": 5}
SUPPORT = {"bid_writing": 30, "procurement": 20, "partnerships": 15, "full_costing": 20,
           "impact": 25, "digital": 15, "governance": 8, "volunteers": 20}
PLACES = ["Elmsworth", "Hollinsby", "Coldwater", "Ashgrove", "Millbrook", "Northfield",
          "Riverside", "Upper Wyke", "Saltham Fen"]
KINDS = ["Community Transport", "Carers Network", "Food Bank", "Youth Club", "Men's Shed",
         "Dementia Friends", "Refugee Welcome", "Credit Union", "Arts Collective",
         "Community Larder", "Mental Health Support", "Home Start", "Play Association",
         "Advice Centre", "Repair Café", "Tenants' Association"]
# fmt: on


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def response_answers(rng: random.Random, wave_index: int, comments) -> dict:
    """One organisation's answers, by question code: a list of choice keys,
    a rating, or a (text, themes) pair. Later waves answer a little better,
    as the demo's do, so trends move."""
    better = wave_index / (WAVES - 1)  # 0 in the first wave, 1 in the last
    org_type = _pick(rng, ORG_TYPES)
    band_index = rng.choices(range(5), weights=BAND_WEIGHTS[org_type])[0]
    bid_yes = 0.15 + 0.1 * band_index + 0.1 * better
    bid = rng.choices(["yes", "considered", "no"], weights=[bid_yes, 0.3, 0.7 - bid_yes])[0]
    answers: dict = {
        "org_type": [org_type],
        "income_band": [BANDS[band_index]],
        "paid_staff": rng.choices(STAFF, weights=STAFF_WEIGHTS[band_index]),
        "volunteers": rng.choices(["none", "1_9", "10_49", "50_plus"], weights=[5, 40, 40, 15]),
        "area_served": rng.choices(
            ["neighbourhood", "several", "borough", "wider"], weights=[30, 30, 25, 15]
        ),
        "council_contact": rng.choices(
            ["yes", "no", "not_sure"], weights=[30 + 20 * better, 55, 15]
        ),
        "forward_plan": rng.choices(
            ["used", "aware", "not_aware"], weights=[5 + 25 * better, 30, 65 - 25 * better]
        ),
        "bid": [bid],
        "training_support": rng.choices(
            ["enough", "some", "none", "not_needed"], weights=[15 + 15 * better, 40, 30, 15]
        ),
        "support_needed": sorted({_pick(rng, SUPPORT) for _ in range(rng.choice([0, 1, 2, 2, 3]))}),
    }
    # show_if: only those who did not bid are asked what stopped them.
    if bid != "yes":
        answers["bid_barriers"] = sorted(
            {_pick(rng, BARRIERS) for _ in range(rng.choice([1, 1, 2, 2, 3]))}
        )
        answers["feedback_quality"] = rng.choices(
            ["no_feedback", "not_applicable"], weights=[15, 85]
        )
    else:
        answers["feedback_quality"] = rng.choices(
            ["very_useful", "quite_useful", "not_useful", "no_feedback"],
            weights=[10 + 20 * better, 35, 30, 25 - 15 * better],
        )
    rating = round(rng.gauss(2.8 + 0.8 * better, 1.0))
    answers["relationship"] = min(5, max(1, rating))
    if rng.random() < 0.4:
        text, themes = rng.choice(comments)
        # Staff have tagged most, not all, of the free text.
        answers["what_change"] = (text, list(themes) if rng.random() < 0.8 else [])
    return answers


# --- Database ------------------------------------------------------------


def _admin_engine():
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    url = make_url(normalise_database_url(SERVER_URL))
    return url, create_engine(url, isolation_level="AUTOCOMMIT")


def create_database() -> tuple[str, str]:
    url, admin = _admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{PG_BENCH_DATABASE}"')
        version = conn.exec_driver_sql("SHOW server_version").scalar()
    admin.dispose()
    bench_url = url.set(database=PG_BENCH_DATABASE)
    return (
        bench_url.render_as_string(hide_password=False),
        f"postgresql {version} ({bench_url.render_as_string(hide_password=True)})",
    )


def drop_database() -> None:
    _url, admin = _admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')
    admin.dispose()


def portal_env(database_url: str, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "RATELIMIT_ENABLED": "0",
    }


def flask_command(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        timeout=180,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def load_survey(database_url: str) -> dict:
    """Eight closed, published waves of BENCH_RESPONSES sent responses each."""
    from sqlalchemy import insert, text

    from app import create_app
    from app.core.db import db
    from app.demo.surveys import COMMENTS, YOU_SAID
    from app.suppliers.models import Supplier
    from app.surveys.models import (
        IN_PROGRESS,
        SUBMITTED,
        SurveyAnswer,
        SurveyInvitation,
        SurveyResponse,
    )
    from app.surveys.publication import publish_summary, save_summary
    from app.surveys.waves import add_months, create_wave

    rng = random.Random(SEED)
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_url})
    counts = {"answers": 0, "texts": 0, "in_progress": 0, "invited": 0, "suppliers": 0}
    with app.app_context():
        session = db.session
        now = datetime.now(UTC).replace(microsecond=0)
        # The newest wave closed two months ago; each opened six months
        # after the one before and ran for six weeks.
        first_opens = add_months(now - timedelta(days=60 + 42), -6 * (WAVES - 1))
        waves = []
        for index in range(WAVES):
            opens = add_months(first_opens, 6 * index)
            waves.append(create_wave(session, opens, opens + timedelta(days=42), confirmed=True))
        for index, wave in enumerate(waves):
            you_said, we_did = YOU_SAID[index % len(YOU_SAID)]
            save_summary(session, wave, you_said, we_did)
            publish_summary(session, wave, now=wave.closes_at + timedelta(days=30))
        session.commit()
        questions = {
            wave.id: {question.code: question for question in wave.questions} for wave in waves
        }

        # The register: about three quarters as many organisations as answer
        # a wave; every wave invites all of them and 70% of answers come
        # from them, the rest through the open link.
        supplier_count = max(1, RESPONSES * 3 // 4)
        suppliers = []
        for number in range(1, supplier_count + 1):
            band = rng.choice(["under_100k", "100k_to_1m", "1m_to_10m"])
            suppliers.append(
                {
                    "id": number,
                    "name": f"{rng.choice(PLACES)} {rng.choice(KINDS)} {number}",
                    "legal_form": rng.choice(["registered_charity", "cio", "cic"]),
                    "staff_count": rng.randint(0, 60),
                    "volunteer_count": rng.randint(0, 80),
                    "turnover_band": band,
                    "is_vcse": True,
                    "is_sme": True,
                    "postcode": f"EL{rng.randint(1, 9)} {rng.randint(1, 9)}AB",
                    "is_local": True,
                    "cpv_divisions": [],
                }
            )
        session.execute(insert(Supplier), suppliers)
        counts["suppliers"] = supplier_count

        invitation_id = response_id = 0
        answers: list[dict] = []
        answer_table = SurveyAnswer.__table__

        for index, wave in enumerate(waves):
            by_code = questions[wave.id]
            invitations, responses = [], []
            invitation_of = {}
            for supplier in range(1, supplier_count + 1):
                invitation_id += 1
                invitation_of[supplier] = invitation_id
                invitations.append(
                    {
                        "id": invitation_id,
                        "wave_id": wave.id,
                        "supplier_id": supplier,
                        "token_hash": hashlib.sha256(f"{wave.id}/{supplier}".encode()).hexdigest(),
                        "created_at": wave.opens_at,
                    }
                )
            invited = rng.sample(
                range(1, supplier_count + 1), min(supplier_count, RESPONSES * 7 // 10)
            )
            window = (wave.closes_at - wave.opens_at).total_seconds()
            for number in range(RESPONSES):
                response_id += 1
                given = response_answers(rng, index, COMMENTS)
                sent = wave.opens_at + timedelta(seconds=rng.uniform(0, window))
                supplier = invited[number] if number < len(invited) else None
                if supplier is not None:
                    invitations[supplier - 1]["responded_at"] = sent
                responses.append(
                    {
                        "id": response_id,
                        "wave_id": wave.id,
                        "supplier_id": supplier,
                        "invitation_id": invitation_of[supplier] if supplier else None,
                        "state": SUBMITTED,
                        "organisation_name": ""
                        if supplier
                        else f"{rng.choice(PLACES)} {rng.choice(KINDS)} group {number}",
                        "contact_email": "" if supplier else f"group{number}@example.org",
                        "may_identify": rng.random() < 0.35,
                        "org_type": given["org_type"][0],
                        "income_band": given["income_band"][0],
                        "locale": "cy" if rng.random() < 0.1 else "en",
                        "started_at": sent - timedelta(minutes=rng.randint(3, 90)),
                        "updated_at": sent,
                        "submitted_at": sent,
                    }
                )
                for code, value in given.items():
                    question_id = by_code[code].id
                    if code == "relationship":
                        answers.append(
                            {"response_id": response_id, "question_id": question_id,
                             "choice": str(value), "number": value, "text": None,
                             "themes": []}
                        )  # fmt: skip
                    elif code == "what_change":
                        counts["texts"] += 1
                        answers.append(
                            {"response_id": response_id, "question_id": question_id,
                             "choice": None, "number": None, "text": value[0],
                             "themes": value[1]}
                        )  # fmt: skip
                    else:
                        answers.extend(
                            {"response_id": response_id, "question_id": question_id,
                             "choice": key, "number": None, "text": None, "themes": []}
                            for key in value
                        )  # fmt: skip
            # A few started but never sent: counted, never shown.
            for _number in range(max(1, RESPONSES // 20)):
                response_id += 1
                counts["in_progress"] += 1
                started_at = wave.opens_at + timedelta(days=rng.randint(0, 40))
                # Executemany wants every row to have the same keys.
                responses.append(
                    {
                        **responses[-1],
                        "id": response_id,
                        "supplier_id": None,
                        "invitation_id": None,
                        "state": IN_PROGRESS,
                        "organisation_name": "",
                        "contact_email": "",
                        "may_identify": False,
                        "org_type": None,
                        "income_band": None,
                        "locale": "en",
                        "started_at": started_at,
                        "updated_at": started_at,
                        "submitted_at": None,
                    }
                )
            counts["invited"] += len(invited)
            for row in invitations:
                row.setdefault("responded_at", None)
            session.execute(insert(SurveyInvitation), invitations)
            for start in range(0, len(responses), 5000):
                session.execute(insert(SurveyResponse.__table__), responses[start : start + 5000])
            for start in range(0, len(answers), 20000):
                session.execute(insert(answer_table), answers[start : start + 20000])
            counts["answers"] += len(answers)
            answers.clear()
        # Ids were given explicitly: move the sequences past them.
        for table in ("supplier", "survey_invitation", "survey_response"):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
        session.commit()
        wave_ids = [wave.id for wave in waves]
        filters = {"org_type": list(ORG_TYPES), "income_band": list(BANDS)}
        session.remove()
        db.engine.dispose()
    return {"wave_ids": wave_ids, "filters": filters, **counts}


# --- Pages ---------------------------------------------------------------


def page_urls(wave_ids: list[int], filters: dict) -> dict[str, list[str]]:
    """The URLs of each page measured; a load generator cycles through them."""
    rng = random.Random(SEED)
    by_org = []
    by_income = []
    for wave_id in wave_ids:
        for org_type in filters["org_type"]:
            by_org.append(f"/admin/surveys/{wave_id}/results?org_type={org_type}")
        for band in filters["income_band"]:
            by_income.append(f"/admin/surveys/{wave_id}/results?income_band={band}")
    rng.shuffle(by_org)
    rng.shuffle(by_income)
    return {
        "public": ["/survey/results"],
        "staff": [f"/admin/surveys/{wave_id}/results" for wave_id in wave_ids],
        "staff_org_type": by_org,
        "staff_income_band": by_income,
        "trends": ["/admin/surveys/trends"],
    }


LABELS = {
    "public": "public /survey/results",
    "staff": "staff results, a wave",
    "staff_org_type": "staff, by org type",
    "staff_income_band": "staff, by income band",
    "trends": "staff trends",
}
STAFF_PAGES = ("staff", "staff_org_type", "staff_income_band")


def sign_in(base: str) -> str:
    """Sign in through the form, as a browser would; return the Cookie header."""
    cookies: dict[str, str] = {}

    def call(method: str, path: str, body: str | None = None):
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"User-Agent": USER_AGENT}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            cookies[name] = value
        conn.close()
        return response.status, data

    _status, page = call("GET", "/staff/sign-in")
    token = CSRF.search(page).group(1)
    form = {"csrf_token": token, "email": STAFF_EMAIL, "password": PASSWORD}
    status, _page = call("POST", "/staff/sign-in", urllib.parse.urlencode(form))
    if status != 302:
        raise RuntimeError(f"signing in answered {status}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, path: str, cookie: str | None) -> bytes:
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        # A signed-out staff page would redirect to the sign-in page.
        if response.status != 200 or "/staff/sign-in" in response.url:
            raise RuntimeError(f"{path} did not answer with the page")
        return response.read()


# --- Load generators -----------------------------------------------------

WRK_SCRIPT = """
local paths = {__PATHS__}
local headers = {__HEADERS__}
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "bytes": %d, '
    .. '"p50_us": %d, "p95_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    summary.bytes, latency:percentile(50), latency:percentile(95)))
end
"""


class Wrk:
    name = "wrk"

    def __init__(self, workdir: Path):
        self.workdir = workdir

    def run(self, base: str, urls: list[str], cookie: str | None, seconds: int) -> dict:
        headers = {"User-Agent": USER_AGENT}
        if cookie:
            headers["Cookie"] = cookie
        script = self.workdir / f"survey-{secrets.token_hex(4)}.lua"
        lua_headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        script.write_text(
            WRK_SCRIPT.replace("__PATHS__", ", ".join(json.dumps(url) for url in urls)).replace(
                "__HEADERS__", lua_headers
            )
        )
        command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "20s"]
        output = subprocess.run(
            [*command, "-s", str(script), base],
            capture_output=True,
            text=True,
            timeout=seconds + 40,
            check=True,
        ).stdout
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
        figures = json.loads(line.removeprefix("BENCH "))
        requests = figures["requests"]
        return {
            "rps": requests / (figures["duration_us"] / 1e6),
            "requests": requests,
            "errors": figures["errors"],
            "bytes_per_request": figures["bytes"] / requests if requests else 0,
            "p50_ms": figures["p50_us"] / 1000,
            "p95_ms": figures["p95_us"] / 1000,
        }


class PythonClient:
    """Fallback when wrk is missing: threads with http.client (slower, and
    it takes CPU from the servers, but alike for both sides)."""

    name = "python http.client threads"

    def __init__(self, workdir: Path):
        pass

    def run(self, base: str, urls: list[str], cookie: str | None, seconds: int) -> dict:
        host, port = base.removeprefix("http://").split(":")
        headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
        deadline = time.monotonic() + seconds
        latencies: list[float] = []
        totals = {"errors": 0, "bytes": 0}
        lock = threading.Lock()

        def worker(offset: int) -> None:
            mine, failed, size = [], 0, 0
            index = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                conn = http.client.HTTPConnection(host, int(port), timeout=20)
                try:
                    conn.request("GET", urls[index % len(urls)], headers=headers)
                    response = conn.getresponse()
                    size += len(response.read())
                    failed += response.status != 200
                except (OSError, http.client.HTTPException):
                    failed += 1
                conn.close()
                mine.append(time.perf_counter() - started)
                index += 1
            with lock:
                latencies.extend(mine)
                totals["errors"] += failed
                totals["bytes"] += size

        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(n * 3,)) for n in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 40)
        elapsed = time.monotonic() - started
        latencies.sort()

        def percentile(share: float):
            if not latencies:
                return None
            return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

        return {
            "rps": len(latencies) / elapsed,
            "requests": len(latencies),
            "errors": totals["errors"],
            "bytes_per_request": totals["bytes"] / len(latencies) if latencies else 0,
            "p50_ms": percentile(0.50),
            "p95_ms": percentile(0.95),
        }


def load_generator(workdir: Path):
    if os.environ.get("BENCH_CLIENT") != "python" and shutil.which("wrk"):
        return Wrk(workdir)
    print("wrk not found: using the Python client (apt-get install -y wrk)", flush=True)
    return PythonClient(workdir)


# --- SQL per page (in-process) -------------------------------------------


def explain(engine, statement: str, parameters) -> dict:
    with engine.connect() as conn:
        plan = [
            row[0]
            for row in conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters or {}
            )
        ]
        conn.rollback()
    execution = next((line for line in plan if line.startswith("Execution Time")), "")
    return {"top": plan[0].strip(), "execution": execution.strip(), "plan": plan}


def sql_per_page(database_url: str, urls: dict[str, list[str]]) -> dict:
    """Queries each page sends and the time they take, through the test
    client (server time only: no network, no concurrency); the median of
    three requests after one warm-up, and the slowest query EXPLAINed."""
    from app import create_app
    from app.core import page_cache
    from app.core.db import db
    from app.surveys import counts_cache

    app = create_app(
        "development",
        {"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False},
    )
    found = {}
    with app.app_context():
        log = QueryLog(db.engine)
        client = app.test_client()
        client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        for name, page_urls_ in urls.items():
            url = page_urls_[0]
            if name != "public" and not found.get("_signed_in"):
                page = client.get("/staff/sign-in").text
                token = CSRF.search(page).group(1)
                client.post(
                    "/staff/sign-in",
                    data={"csrf_token": token, "email": STAFF_EMAIL, "password": PASSWORD},
                )
                found["_signed_in"] = True
            client.get(url)
            log.take()
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                response = client.get(url)
                seconds = time.perf_counter() - started
                queries = log.take()
                timings.append((seconds, queries))
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
            seconds, queries = sorted(timings, key=lambda pair: pair[0])[1]
            # The same page with nothing kept: no cached page, no closed
            # waves' counts. That is what the first reader after a change pays.
            cold_timings = []
            for _ in range(3):
                page_cache.clear()
                counts_cache.clear()
                started = time.perf_counter()
                client.get(url)
                cold_timings.append((time.perf_counter() - started, log.take()))
            cold_seconds, cold_queries = sorted(cold_timings, key=lambda pair: pair[0])[1]
            slowest = max(cold_queries, key=lambda query: query[2])
            found[name] = {
                "url": url,
                "ms": round(seconds * 1000, 1),
                "queries": len(queries),
                "sql_ms": round(sum(query[2] for query in queries) * 1000, 1),
                "cold_ms": round(cold_seconds * 1000, 1),
                "cold_queries": len(cold_queries),
                "cold_sql_ms": round(sum(query[2] for query in cold_queries) * 1000, 1),
                "slowest_ms": round(slowest[2] * 1000, 1),
                "slowest_sql": " ".join(slowest[0].split()),
                "explain": explain(db.engine, slowest[0], slowest[1]),
            }
        found.pop("_signed_in", None)
        db.session.remove()
        db.engine.dispose()
    return found


# --- The run -------------------------------------------------------------


def measure(client, portal: Server, bares: dict[str, Server], urls, cookie) -> dict:
    """Warm up, then per round measure each page and its bare twin seconds
    apart, rotating which page goes first and which of the pair."""
    names = list(urls)

    def targets(name: str):
        # The bare app answers /plans/ whatever the query: same query strings.
        bare_urls = ["/plans/?" + urllib.parse.urlsplit(url).query for url in urls[name]]
        staff = name != "public"
        return (
            ("portal", portal.base, urls[name], cookie if staff else None),
            ("bare", bares[name].base, bare_urls, None),
        )

    for name in names:
        for _side, base, paths, sent_cookie in targets(name):
            client.run(base, paths, sent_cookie, WARMUP_SECONDS)
    rounds: dict[str, dict[str, list[dict]]] = {n: {"portal": [], "bare": []} for n in names}
    for number in range(ROUNDS):
        order = names[number % len(names) :] + names[: number % len(names)]
        for name in order:
            pair = targets(name)
            if number % 2:
                pair = pair[::-1]
            for side, base, paths, sent_cookie in pair:
                figures = client.run(base, paths, sent_cookie, SECONDS)
                rounds[name][side].append(figures)
                print(
                    f"  round {number + 1}/{ROUNDS}  {LABELS[name]:<24} {side:<6}"
                    f" {figures['rps']:8.1f} req/s  p50 {figures['p50_ms'] or 0:7.1f} ms"
                    f"  errors {figures['errors']}",
                    flush=True,
                )
    return rounds


def summarise(rounds: list[dict]) -> dict:
    def median(key: str):
        values = [figures[key] for figures in rounds if figures[key] is not None]
        return statistics.median(values) if values else None

    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p95_ms": median("p95_ms"),
        "bytes_per_request": median("bytes_per_request"),
        "errors": sum(figures["errors"] for figures in rounds),
        "rounds": rounds,
    }


def report(results: dict) -> None:
    print()
    print("Open Commissioning Portal: third-sector survey results pages")
    load = results["load"]
    print(
        f"data: {WAVES} closed waves x {results['responses']:,} sent responses "
        f"({load['answers']:,} answers, {load['texts']:,} free-text), loaded in "
        f"{load['seconds']:.1f} s   database: {results['database']}"
    )
    machine = results["machine"]
    print(
        f"machine: {machine['nproc']} cores, load average {machine['loadavg_before']} before, "
        f"{machine['loadavg_after']} after   python {machine['python']}"
    )
    print(
        f"load: {results['load_generator']}, {CONNECTIONS} connections, {ROUNDS} rounds x "
        f"{SECONDS} s, each page against a bare Flask app of its own median size; "
        f"gunicorn {WORKERS} sync workers"
    )
    print()
    header = (
        f"{'page':<24}{'req/s':>8}{'bare':>8}{'ratio':>7}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'bare p50':>9}{'KB':>7}{'SQL q':>6}{'SQL ms':>8}{'cold ms':>9}{'cold q':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, row in results["pages"].items():
        portal, bare, sql = row["portal"], row["bare"], row.get("sql", {})
        print(
            f"{LABELS[name]:<24}{portal['rps']:8.1f}{bare['rps']:8.1f}{row['ratio']:7.2f}"
            f"{portal['p50_ms'] or 0:8.1f}{portal['p95_ms'] or 0:8.1f}{bare['p50_ms'] or 0:9.1f}"
            f"{row['page_bytes'] / 1024:7.0f}{sql.get('queries', '-'):>6}"
            f"{sql.get('sql_ms', '-'):>8}{sql.get('cold_ms', '-'):>9}"
            f"{sql.get('cold_queries', '-'):>7}"
        )
    print(
        "req/s, latencies: median over rounds; ratio: median of each round's portal/bare; "
        "KB: median page size; SQL: queries and their time for one request in-process; "
        "cold: one request in-process with no cached page or counts"
    )
    print()
    for name in results["pages"]:
        row = results["pages"][name]
        each = " ".join(f"{value:.2f}" for value in row["round_ratios"])
        verdict = ""
        if name in STAFF_PAGES:
            verdict = "ok" if row["ratio"] >= TARGET else "BELOW TARGET"
            verdict = f"  target {TARGET}: {verdict}"
        print(f"{LABELS[name]:<24} ratio {row['ratio']:.2f}  [rounds: {each}]{verdict}")
    print()
    for name, row in results["pages"].items():
        sql = row.get("sql")
        if sql:
            print(
                f"{LABELS[name]}: in-process {sql['ms']} ms, slowest query {sql['slowest_ms']} ms: "
                f"{sql['explain']['top']} | {sql['explain']['execution']}"
            )
    errors = sum(
        row["portal"]["errors"] + row["bare"]["errors"] for row in results["pages"].values()
    )
    if errors:
        print(f"WARNING: {errors} failed requests (see the rounds in {RESULTS})")
    print(f"\nfigures written to {RESULTS.relative_to(REPO)}")


def run(workdir: Path) -> dict:
    secret = secrets.token_urlsafe(32)
    loadavg = " ".join(f"{value:.2f}" for value in os.getloadavg())
    servers: list[Server] = []
    database_url, database_label = create_database()
    try:
        env = portal_env(database_url, secret)
        os.environ.update(env)  # app.config reads some settings at import
        print(f"database: {database_label}; migrating...", flush=True)
        flask_command(env, "db", "upgrade")
        flask_command(env, "create-staff", STAFF_EMAIL, "--role", "commissioner", stdin=PASSWORD)
        print(f"loading {WAVES} waves x {RESPONSES:,} responses...", flush=True)
        started = time.monotonic()
        loaded = load_survey(database_url)
        settle(database_url)
        loaded["seconds"] = round(time.monotonic() - started, 1)
        print(
            f"  loaded {loaded['answers']:,} answers in {loaded['seconds']:.1f} s "
            "(with VACUUM ANALYZE)",
            flush=True,
        )
        urls = page_urls(loaded["wave_ids"], loaded.pop("filters"))

        print("counting each page's SQL in-process...", flush=True)
        sql = sql_per_page(database_url, urls)

        portal = Server("portal", "wsgi:app", REPO, env, "/healthz", workdir / "portal.log")
        servers.append(portal)
        cookie = sign_in(portal.base)
        sizes = {}
        for name, paths in urls.items():
            staff = name != "public"
            sizes[name] = [
                len(fetch(portal.base, path, cookie if staff else None)) for path in paths
            ]
        bares = {}
        for name in urls:
            size = int(statistics.median(sizes[name]))
            bare = Server(
                f"bare ({name})",
                "bare_app:app",
                BENCH_DIR,
                {**os.environ, "BARE_PAGE_BYTES": str(size)},
                "/plans/",
                workdir / f"bare-{name}.log",
            )
            servers.append(bare)
            bares[name] = bare

        client = load_generator(workdir)
        print(f"measuring with {client.name}...", flush=True)
        rounds = measure(client, portal, bares, urls, cookie)
        # A signed-out session would be measured as fast redirects: check.
        fetch(portal.base, urls["staff"][0], cookie)
    finally:
        # Out of time or not, the clean-up must not be cut short itself;
        # stopping a server and dropping the database have their own timeouts.
        signal.alarm(0)
        for server in servers:
            server.stop()
        if not KEEP_DATABASE:
            drop_database()

    pages = {}
    for name in urls:
        portal_rounds, bare_rounds = rounds[name]["portal"], rounds[name]["bare"]
        ratios = [
            p["rps"] / b["rps"] for p, b in zip(portal_rounds, bare_rounds, strict=True) if b["rps"]
        ]
        median_size = int(statistics.median(sizes[name]))
        portal_summary = summarise(portal_rounds)
        if portal_summary["bytes_per_request"] < 0.5 * min(sizes[name]):
            raise RuntimeError(f"{name}: responses smaller than the page (signed out?)")
        pages[name] = {
            "urls": len(urls[name]),
            "example_url": urls[name][0],
            "page_bytes": median_size,
            "page_bytes_min": min(sizes[name]),
            "page_bytes_max": max(sizes[name]),
            "portal": portal_summary,
            "bare": summarise(bare_rounds),
            "ratio": statistics.median(ratios),
            "round_ratios": ratios,
            "sql": sql.get(name),
        }
    return {
        "responses": RESPONSES,
        "waves": WAVES,
        "load": loaded,
        "database": database_label,
        "load_generator": client.name,
        "connections": CONNECTIONS,
        "rounds": ROUNDS,
        "seconds_per_round": SECONDS,
        "gunicorn_workers": WORKERS,
        "staff_role": "commissioner",
        "target": {"ratio": TARGET, "pages": list(STAFF_PAGES)},
        "machine": {
            "nproc": os.cpu_count(),
            "loadavg_before": loadavg,
            "loadavg_after": " ".join(f"{value:.2f}" for value in os.getloadavg()),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "pages": pages,
    }


def main() -> int:
    return run_within_budget(run, report, RESULTS, BUDGET_SECONDS, workdir_prefix="bench-survey-")


if __name__ == "__main__":
    sys.exit(main())
