"""Benchmark: the commissioner inbox (/inbox/) with a million items.

Loads BENCH_ITEMS inbox items (1,000,000 by default) into a dedicated
PostgreSQL database with COPY, signs in as a viewer through the Flask test
client and times, in-process (server time, no network), the inbox's first
page, two filtered pages, a deep page (the keyset cursor of the item half-way
down the inbox) and a keyword search. For each it reports p50, p95 and max in
milliseconds, the SQL queries per request and the slowest of them, and
PASS/FAIL against the target: every kind under 150 ms at the 95th percentile.
It then prints an EXPLAIN (ANALYZE, BUFFERS) summary of each kind's slowest
query, for whoever makes them faster.

Run: ``.venv/bin/python bench/inbox_latency.py`` (see bench/README.md).
"""

from __future__ import annotations

import math
import os
import platform
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "inbox_latency.json"
sys.path.insert(0, str(REPO))

from harness import QueryLog, run_within_budget  # noqa: E402  (bench/ is the script's folder)

ITEMS = int(os.environ.get("BENCH_ITEMS", 1_000_000))
REPEATS = int(os.environ.get("BENCH_REPEATS", 30))
WARMUPS = int(os.environ.get("BENCH_WARMUPS", 3))
SEARCH_WORD = os.environ.get("BENCH_SEARCH", "allotments")
SEARCH_WORD_PAIR = os.environ.get("BENCH_SEARCH_PAIR", "lonely bus")
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 900))
# Keep the loaded database afterwards, to study its query plans by hand or
# to measure again without loading it again (BENCH_REUSE_DATABASE=1).
KEEP_DATABASE = os.environ.get("BENCH_KEEP_DATABASE") == "1"
REUSE_DATABASE = os.environ.get("BENCH_REUSE_DATABASE") == "1"
# Measuring stops after this long (and reports the requests made so far),
# so a very slow kind cannot take the rest of the budget.
MEASURE_SECONDS = int(os.environ.get("BENCH_MEASURE_SECONDS", 240))
BASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PG_BENCH_DATABASE = "bench_inbox_latency"
TARGET_MS = 150
PASSWORD = "correct horse battery staple"
VIEWER = "viewer@elmsworth.gov.example"
OFFICER = "officer@elmsworth.gov.example"
SEED = 20270401
YEARS = 3

# fmt: off
# code, reference prefix, weight: responses to consultations and surveys are
# most of the inbox, Right to Challenge expressions of interest a few.
KINDS = [("consultation_response", "CON", 35), ("survey_response", "SRV", 25),
         ("event_booking", "EVT", 15), ("young_people_response", "CYP", 10),
         ("supplier_registration", "SUP", 10), ("challenge", "RTC", 5)]
# The subjects' topics: each is in about one subject in 24, and in some bodies.
TOPICS = ["home care", "the day centre", "library opening hours", "bus passes", "youth clubs",
          "respite care", "school transport", "the leisure centre", "meals on wheels",
          "supported housing", "the food bank grant", "play areas", "allotments",
          "street lighting", "recycling collections", "parking permits", "the museum",
          "foster carers", "care leavers", "the swimming pool", "dementia cafés",
          "community transport", "speech therapy", "grounds maintenance"]
# Submission text is a run of these words.
WORD_LIST = (
    "we they our my the a an and but or because so if when while this that these those is are "
    "was were have has had will would could should must can may not no more less most many "
    "few some every people residents family families children parents carers staff council "
    "service services centre provider providers contract budget cost costs money time week "
    "weeks month months year years morning evening weekend local town village north south "
    "road bus train walk drive open close closing opened hours days visit visits support help "
    "care needs need want use used using find found keep lose change changes plan plans "
    "proposal option options decision consultation survey question answer agree disagree "
    "important worried happy unhappy fair unfair safe unsafe easy hard difficult good better "
    "best worse poor quality waiting list volunteers group groups club clubs school schools "
    "older younger disabled isolated lonely community health wellbeing transport housing "
    "library park pool garden food meals rent bills energy heating internet phone online"
)
WORDS = WORD_LIST.split()
FIRST = ["Ann", "Siân", "Mohammed", "Rhys", "Priya", "Tomasz", "Gwen", "Kwame", "Llŷr", "Ellie",
         "Aled", "Bethan", "Chloe", "Dev", "Farah", "Gareth", "Hannah", "Imran", "Joanna"]
LAST = ["Jones", "Williams", "Patel", "Evans", "Nowak", "Davies", "Okafor", "Hughes", "Smith",
        "Khan", "Lloyd", "Morgan", "Owen", "Rees", "Singh", "Thomas", "Roberts", "Price"]
THEMES = ["transport", "cost of living", "opening hours", "staffing", "welsh language"]
# fmt: on
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # app.core.references' alphabet
COLUMN_LIST = (
    "id reference kind subject service_area_id received_at status submitter_name "
    "submitter_email submitter_locale body_text assignee_id due_on urgent safeguarding "
    "closed_at outcome"
)
COLUMNS = COLUMN_LIST.split()


# --- Database and loading ------------------------------------------------


def _engine(url: str, **options):
    from sqlalchemy import create_engine

    return create_engine(url, **options)


def create_database() -> tuple[str, bool]:
    """The benchmark's database URL, and whether it already holds the items."""
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    url = make_url(normalise_database_url(BASE_URL))
    bench_url = url.set(database=PG_BENCH_DATABASE).render_as_string(hide_password=False)
    admin = _engine(url, isolation_level="AUTOCOMMIT")
    if REUSE_DATABASE:
        with admin.connect() as conn:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": PG_BENCH_DATABASE}
            ).scalar()
        if exists:
            items_engine = _engine(bench_url)
            with items_engine.connect() as conn:
                loaded = conn.exec_driver_sql("SELECT count(*) FROM inbox_item").scalar()
            items_engine.dispose()
            if loaded == ITEMS:
                admin.dispose()
                return bench_url, True
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{PG_BENCH_DATABASE}"')
    admin.dispose()
    return bench_url, False


def drop_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    admin = _engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)')
    admin.dispose()


def portal_env(url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "RATELIMIT_ENABLED": "0",
        "PAGE_CACHE_ENABLED": "0",
    }


def migrate(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=REPO,
        env={**os.environ, **env},
        timeout=180,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def make_app(url: str):
    from app import create_app

    # The environment is already set (the config reads some of it at import);
    # the overrides make sure of the settings the figures depend on.
    return create_app(
        "development",
        {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "PAGE_CACHE_ENABLED": False},
    )


def prepare(app) -> dict:
    """Service areas, the viewer who reads, the one officer items are assigned to, themes."""
    from sqlalchemy import insert, select

    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff
    from app.core.db import db
    from app.demo.plans import load_service_areas
    from app.inbox.models import InboxTag

    with app.app_context():
        areas = load_service_areas(db.session)
        create_or_update_staff(db.session, VIEWER, Role.VIEWER, PASSWORD)
        officer = create_or_update_staff(db.session, OFFICER, Role.COMMISSIONER, PASSWORD)
        known = set(db.session.scalars(select(InboxTag.name)))
        missing = [{"name": name} for name in THEMES if name not in known]
        if missing:
            db.session.execute(insert(InboxTag), missing)
        db.session.commit()
        return {
            "areas": {slug: area.id for slug, area in areas.items()},
            "officer": officer.id,
            "tags": list(db.session.scalars(select(InboxTag.id))),
        }


def _reference(prefix: str, when: datetime, number: int) -> str:
    """A unique reference in the portal's format: a bijection of the number
    onto six characters of the alphabet, so codes look random but never clash."""
    value = (number * 104_729 + 7_777) % len(ALPHABET) ** 6
    code = ""
    for _ in range(6):
        value, digit = divmod(value, len(ALPHABET))
        code += ALPHABET[digit]
    return f"{prefix}-{when.year}-{code}"


def items(count: int, ids: dict, now: datetime):
    """Rows for COPY, oldest first, spread evenly over YEARS years up to now."""
    rng = random.Random(SEED)
    span = YEARS * 365 * 86_400
    step = span / count
    start = now - timedelta(seconds=span)
    kinds = [(code, prefix) for code, prefix, _ in KINDS]
    kind_weights = [weight for _, _, weight in KINDS]
    area_ids = list(ids["areas"].values())
    # Some areas send far more than others.
    area_weights = [1 / (rank + 1) for rank in range(len(area_ids))]
    officer = ids["officer"]
    for number in range(1, count + 1):
        received = start + timedelta(seconds=number * step + rng.random() * step)
        kind, prefix = rng.choices(kinds, kind_weights)[0]
        age_days = (now - received).days
        # Older items are nearly all closed; recent ones are still being worked.
        if age_days > 90 and rng.random() < 0.95:
            status = "closed"
        else:
            status = rng.choices(["new", "in_progress", "waiting", "closed"], [4, 3, 1, 3])[0]
        topic = rng.choice(TOPICS)
        words = rng.choices(WORDS, k=rng.randint(15, 80))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(TOPICS))
        body = " ".join(words).capitalize() + "."
        first, last = rng.choice(FIRST), rng.choice(LAST)
        yield (
            number,
            _reference(prefix, received, number),
            kind,
            f"About {topic}",
            rng.choices(area_ids, area_weights)[0] if rng.random() < 0.8 else None,
            received,
            status,
            f"{first} {last}",
            f"{first.lower()}.{last.lower()}{number}@example.org",
            "cy" if rng.random() < 0.2 else "en",
            body,
            officer if rng.random() < 0.6 else None,
            (received + timedelta(days=rng.randint(7, 60))).date() if rng.random() < 0.3 else None,
            rng.random() < 0.03,
            rng.random() < 0.01,
            received + timedelta(days=rng.randint(1, 30)) if status == "closed" else None,
            "Replied with the decision." if status == "closed" else None,
        )


def load(url: str, ids: dict) -> dict:
    """COPY the items in, with the secondary indexes dropped and rebuilt after
    (faster than keeping them up to date row by row); then VACUUM ANALYZE,
    the state autovacuum reaches soon after a load."""
    engine = _engine(url)
    timings = {}
    now = datetime.now(UTC).replace(microsecond=0)
    began = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'inbox_item' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        rng = random.Random(SEED + 1)
        with cursor.copy(f"COPY inbox_item ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in items(ITEMS, ids, now):
                copy.write_row(row)
        # A quarter of the items carry one or two themes.
        with cursor.copy("COPY inbox_item_tag (item_id, tag_id) FROM STDIN") as copy:
            for number in range(1, ITEMS + 1):
                if rng.random() < 0.25:
                    for tag in rng.sample(ids["tags"], rng.randint(1, 2)):
                        copy.write_row((number, tag))
        timings["copy_seconds"] = round(time.perf_counter() - began, 1)
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('inbox_item', 'id'), "
            "(SELECT max(id) FROM inbox_item))"
        )
        raw.commit()
        timings["index_seconds"] = round(time.perf_counter() - began - timings["copy_seconds"], 1)
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
        timings["indexes"] = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'inbox_item' ORDER BY indexname"
            )
        ]
        timings["table_mb"] = round(
            conn.exec_driver_sql("SELECT pg_total_relation_size('inbox_item')").scalar() / 2**20
        )
    engine.dispose()
    timings["load_seconds"] = round(time.perf_counter() - began, 1)
    return timings


def describe(url: str) -> dict:
    """What load() reports about the table, for a database loaded before."""
    engine = _engine(url)
    with engine.connect() as conn:
        timings = {
            "load_seconds": "(loaded before)",
            "copy_seconds": "-",
            "index_seconds": "-",
            "indexes": [
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'inbox_item' "
                    "ORDER BY indexname"
                )
            ],
            "table_mb": round(
                conn.exec_driver_sql("SELECT pg_total_relation_size('inbox_item')").scalar() / 2**20
            ),
        }
    engine.dispose()
    return timings


def deep_cursor(app, offset: int) -> str:
    """The "Older items" cursor of the item `offset` rows down the inbox's
    default order, taken straight from the database, as cursor_for makes it."""
    from sqlalchemy import select

    from app.core.db import db
    from app.inbox.models import InboxItem
    from app.inbox.search import ORDERS, cursor_for

    with app.app_context():
        item = db.session.scalar(
            select(InboxItem).order_by(*ORDERS["received"]).offset(offset).limit(1)
        )
        return cursor_for(item, "received")


def matching(app, urls: dict[str, str]) -> dict[str, int]:
    """How many items each URL's filters match (the total the page shows)."""
    from werkzeug.datastructures import MultiDict

    from app.core.db import db
    from app.inbox.search import InboxFilters, search_inbox

    counts = {}
    with app.app_context():
        for name, url in urls.items():
            filters = InboxFilters.from_args(MultiDict(parse_qsl(url.partition("?")[2])))
            counts[name] = search_inbox(db.session, filters, 0).total
    return counts


# --- Measuring -------------------------------------------------------------


def sign_in(client) -> None:
    page = client.get("/staff/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    response = client.post(
        "/staff/sign-in",
        data={"csrf_token": token.group(1), "email": VIEWER, "password": PASSWORD},
    )
    assert response.status_code == 302, response.status_code


def label(statement: str) -> str:
    """A short name for one of the inbox page's queries."""
    sql = " ".join(statement.split())
    if "SELECT 1 FROM inbox_item" in sql:
        return "status counts"
    if "GROUP BY inbox_item.kind" in sql:
        return "dashboard: open by kind"
    if "sum(CASE" in sql and "FROM inbox_item" in sql:
        return "dashboard: flags"
    if "FROM inbox_item" in sql and "LIMIT" in sql:
        return "page of items"
    if "inbox_item_tag" in sql:
        return "themes of the page"
    if "FROM staff_user" in sql and "role" in sql and "ORDER BY" in sql:
        return "staff for bulk form"
    if "FROM service_area" in sql and "staff_service_area" in sql:
        return "reader's areas"
    if "FROM service_area" in sql:
        return "service areas"
    if "FROM staff_user" in sql:
        return "signed-in user"
    return sql[:60]


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with 30 samples, p95 is the second slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(client, log: QueryLog, urls: dict[str, str], deadline: float) -> dict:
    """Warm every URL up, then request each in turn, round after round, so
    the machine's noise spreads over all of them instead of landing on one."""
    for url in urls.values():
        for _ in range(WARMUPS):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    log.take()
    samples: dict[str, list[dict]] = {name: [] for name in urls}
    for _ in range(REPEATS):
        if time.monotonic() > deadline:
            print(f"  measuring time ({MEASURE_SECONDS} s) used up: stopping early", flush=True)
            break
        for name, url in urls.items():
            began = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - began
            assert response.status_code == 200, (url, response.status_code)
            rows = response.text.count('class="govuk-link app-reference"')
            samples[name].append({"ms": elapsed * 1000, "rows": rows, "queries": log.take()})
    return samples


def summarise(samples: list[dict]) -> dict:
    times = [sample["ms"] for sample in samples]
    by_label: dict[str, list[float]] = {}
    slowest = None
    for sample in samples:
        for statement, parameters, seconds in sample["queries"]:
            by_label.setdefault(label(statement), []).append(seconds * 1000)
            if slowest is None or seconds > slowest[2]:
                slowest = (statement, parameters, seconds)
    # Each query's median duration, summed over the request's queries of that name.
    per_request = {
        name: statistics.median(values) * len(values) / len(samples)
        for name, values in by_label.items()
    }
    counts = {len(sample["queries"]) for sample in samples}
    return {
        "n": len(times),
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "queries": min(counts) if len(counts) == 1 else f"{min(counts)}-{max(counts)}",
        "rows_shown": samples[0]["rows"],
        "sql_ms_median": round(
            statistics.median(sum(q[2] for q in sample["queries"]) * 1000 for sample in samples),
            1,
        ),
        "query_ms": {
            name: round(ms, 1)
            for name, ms in sorted(per_request.items(), key=lambda pair: -pair[1])
        },
        "pass": percentile(times, 0.95) < TARGET_MS,
        "slowest_query": slowest,
    }


def explain(engine, statement: str, parameters) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of one query: its top plan line, the scans
    under it and the execution time."""
    with engine.connect() as conn:
        plan = [
            row[0]
            for row in conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters or {}
            )
        ]
        conn.rollback()
    scans = []
    for line in plan:
        found = re.search(r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Heap) Scan.*?) \(", line)
        if found and found.group(1) not in scans:
            scans.append(found.group(1).strip())
    execution = next((line for line in plan if line.startswith("Execution Time")), "")
    return {
        "top": plan[0].strip(),
        "scans": scans,
        "execution": execution.strip(),
        "plan": plan,
    }


# --- The run ---------------------------------------------------------------


def report(results: dict) -> None:
    print()
    print(f"Open Commissioning Portal: /inbox/ with {results['items']:,} items")
    load = results["load"]
    print(
        f"database: {results['database']}; loaded in {load['load_seconds']} s "
        f"(COPY {load['copy_seconds']} s, indexes {load['index_seconds']} s, then VACUUM "
        f"ANALYZE); inbox_item with indexes {load['table_mb']:,} MB"
    )
    print(
        "indexes on inbox_item: "
        + "; ".join(
            re.sub(r"^CREATE (UNIQUE )?INDEX (\S+) ON public.inbox_item USING btree ", r"\1", d)
            for d in load["indexes"]
        )
    )
    machine = results["machine"]
    print(
        f"machine: {machine['cpus']} cores, load average {machine['loadavg_before']} before, "
        f"{machine['loadavg_after']} after; python {machine['python']}; in-process "
        f"Flask test client, signed in as a viewer, {WARMUPS} warm-ups then "
        f"{REPEATS} requests each, interleaved"
    )
    print()
    header = (
        f"{'request':<22}{'matches':>10}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'SQL ms':>8}{'queries':>9}  {'target':<6}  slowest queries (median ms)"
    )
    print(header)
    print("-" * len(header))
    for name, row in results["kinds"].items():
        top = ", ".join(f"{q} {ms:.0f}" for q, ms in list(row["query_ms"].items())[:3])
        verdict = "PASS" if row["pass"] else "FAIL"
        print(
            f"{name:<22}{row['matches']:>10,}{row['n']:>4}{row['p50_ms']:9.1f}"
            f"{row['p95_ms']:9.1f}{row['max_ms']:9.1f}{row['sql_ms_median']:8.1f}"
            f"{row['queries']!s:>9}  {verdict:<6}  {top}"
        )
    print(f"target: p95 under {TARGET_MS} ms for every request; SQL ms: median time in queries")
    print()
    print("Slowest query of each request, EXPLAIN (ANALYZE, BUFFERS):")
    for name, row in results["kinds"].items():
        plan = row["explain"]
        print(f"  {name}: {row['slowest_label']} ({row['slowest_ms']:.0f} ms in the run)")
        print(f"    {plan['top']}")
        print(f"    scans: {'; '.join(plan['scans']) or '-'}")
        print(f"    {plan['execution']}")
    for name, url in results["urls"].items():
        print(f"  {name}: {url}")
    print()
    failed = [name for name, row in results["kinds"].items() if not row["pass"]]
    print("ALL PASS" if not failed else f"OVER TARGET: {', '.join(failed)}")
    print(f"figures written to {RESULTS.relative_to(REPO)}")


def run() -> dict:
    loadavg_before = " ".join(f"{value:.2f}" for value in os.getloadavg())
    url, loaded = create_database()
    try:
        env = portal_env(url)
        os.environ.update(env)  # before the app's config is imported
        print(f"database {PG_BENCH_DATABASE}: migrating...", flush=True)
        migrate(env)
        app = make_app(url)
        ids = prepare(app)
        if loaded:
            print(f"reusing the {ITEMS:,} items already loaded", flush=True)
            timings = describe(url)
        else:
            print(f"loading {ITEMS:,} inbox items with COPY...", flush=True)
            timings = load(url, ids)
            print(
                f"  loaded in {timings['load_seconds']} s (COPY {timings['copy_seconds']} s, "
                f"indexes {timings['index_seconds']} s)",
                flush=True,
            )
        area = next(iter(ids["areas"]))
        urls = {
            "first page": "/inbox/",
            "filtered: kind+status": "/inbox/?" + urlencode({"kind": "challenge", "status": "new"}),
            "filtered: area": "/inbox/?" + urlencode({"area": area}),
            "deep page": "/inbox/?" + urlencode({"after": deep_cursor(app, ITEMS // 2)}),
            "sorted by due date": "/inbox/?" + urlencode({"sort": "due"}),
            "search": "/inbox/?" + urlencode({"q": SEARCH_WORD}),
            "search: two words": "/inbox/?" + urlencode({"q": SEARCH_WORD_PAIR}),
        }
        matches = matching(app, urls)
        client = app.test_client()
        from app.core.db import db

        with app.app_context():
            engine = db.engine
        log = QueryLog(engine)
        sign_in(client)
        first = client.get("/inbox/").text
        if "after=" not in first:
            raise RuntimeError("the first page has no 'Older items' link")
        print(f"measuring {len(urls)} URLs, {REPEATS} requests each...", flush=True)
        samples = measure(client, log, urls, time.monotonic() + MEASURE_SECONDS)
        kinds = {}
        for name, runs in samples.items():
            row = summarise(runs)
            statement, parameters, seconds = row.pop("slowest_query")
            row.update(
                matches=matches[name],
                slowest_label=label(statement),
                slowest_ms=round(seconds * 1000, 1),
                slowest_sql=" ".join(statement.split()),
                explain=explain(engine, statement, parameters),
            )
            kinds[name] = row
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
        engine.dispose()
        return {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "items": ITEMS,
            "database": f"PostgreSQL {version}",
            "load": timings,
            "urls": urls,
            "repeats": REPEATS,
            "warmups": WARMUPS,
            "target_p95_ms": TARGET_MS,
            "machine": {
                "cpus": os.cpu_count(),
                "loadavg_before": loadavg_before,
                "loadavg_after": " ".join(f"{value:.2f}" for value in os.getloadavg()),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "kinds": kinds,
        }
    finally:
        if KEEP_DATABASE or REUSE_DATABASE:
            print(f"database kept: {url}")
        else:
            drop_database(url)


def main() -> int:
    return run_within_budget(run, report, RESULTS, BUDGET_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
