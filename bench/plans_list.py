"""Benchmark: the public forward plan (/plans/) filtered and paginated.

Loads 10,000 published plan items into a fresh database, serves the portal
under gunicorn (two sync workers, loopback only) and measures requests per
second over a list of filtered, paginated /plans/ URLs. In the same run, with
the same gunicorn settings and the same load generator, it measures a bare
Flask app (bench/bare_app.py) rendering a page of the same byte size. The
machine is small and shared, so only the ratio between the two, taken in
alternating rounds, is meaningful; the target is a ratio of at least 0.5.

The portal is measured twice: with the page cache on (the default config) and
off (PAGE_CACHE_ENABLED=0, so every request queries the database and renders).

Run: ``make bench`` or ``.venv/bin/python bench/plans_list.py``. See
bench/README.md for the knobs (BENCH_DATABASE_URL and friends).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "plans_list.json"
# The loader imports the portal in-process; make that work whether or not
# the venv has it installed (`make bench` does, a bare `python bench/...` may not).
sys.path.insert(0, str(REPO))

from harness import run_within_budget  # noqa: E402  (bench/ is the script's folder)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


ITEMS = _env_int("BENCH_ITEMS", 10_000)
ROUNDS = _env_int("BENCH_ROUNDS", 5)
SECONDS = _env_int("BENCH_SECONDS", 3)
WARMUP_SECONDS = 2
CONNECTIONS = _env_int("BENCH_CONNECTIONS", 8)
WORKERS = 2
TARGET = 0.5
SEED = 20270401
# Everything (load, three servers, all rounds) must end well inside this;
# past it SIGALRM aborts the run and the finally blocks still stop servers.
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 300))
PG_BENCH_DATABASE = "bench_plans"
# Loading through the services is preferred while it fits in this.
LOAD_BUDGET_SECONDS = 60

# --- Realistic plan items ------------------------------------------------

# Titles are "<qualifier> <service> <group> <place>", drawn at random (all
# but the service may be empty): some 50,000 combinations, so most slugs
# differ and now and then one needs services.unique_slug's numbered suffix.
# fmt: off
QUALIFIERS = ["", "Integrated", "Community", "Specialist", "Locality-based", "Digital", "Rural",
              "Borough-wide", "Preventative", "Short-term"]
SERVICES = {
    "adult-social-care": ["home care", "supported living", "day opportunities",
                          "residential care", "reablement", "carers' support", "advocacy",
                          "assistive technology"],
    "children-and-families": ["early help", "family hubs", "short breaks",
                              "foster care recruitment", "youth work",
                              "care leavers' accommodation", "parenting support"],
    "public-health": ["sexual health clinics", "stop smoking support",
                      "drug and alcohol recovery", "healthy weight programme",
                      "health visiting", "falls prevention"],
    "housing-and-homelessness": ["temporary accommodation", "rough sleeping outreach",
                                 "housing related support", "home adaptations",
                                 "domestic abuse refuge", "tenancy sustainment"],
    "education-and-send": ["home to school transport", "SEND tuition", "alternative provision",
                           "educational psychology", "school meals",
                           "speech and language therapy"],
    "environment-and-waste": ["waste collection vehicles", "recycling centre operation",
                              "grounds maintenance", "tree surveys", "flood defence works",
                              "food waste processing"],
    "highways-and-transport": ["street lighting maintenance", "winter gritting", "bus services",
                               "community transport", "road resurfacing",
                               "electric vehicle charging"],
    "communities-and-leisure": ["leisure centre management", "library book supply",
                                "arts grants", "museum conservation",
                                "community centre refurbishment", "events and festivals"],
    "corporate-and-digital": ["IT service desk", "cloud hosting", "payroll system",
                              "legal services", "cleaning of council buildings", "energy supply",
                              "translation and interpreting"],
}
GROUPS = ["", "for older people", "for young carers", "for care leavers", "for families",
          "for adults with learning disabilities", "for people with mental health needs",
          "for disabled children", "for veterans", "for residents"]
PLACES = ["", "in Elmsworth town", "in the North locality", "in the South locality",
          "in Upper Wyke", "in Saltham Fen", "in Hollinsby", "in Coldwater St Mary",
          "across the borough"]
# Summaries and descriptions are random runs of these words.
WORDS = [
    "we", "will", "work", "with", "providers", "residents", "partners", "voluntary",
    "organisations", "to", "improve", "outcomes", "reduce", "waiting", "times", "support",
    "people", "at", "home", "keep", "families", "together", "prevent", "crisis", "a", "new",
    "contract", "replaces", "the", "current", "arrangement", "which", "ends", "next", "year",
    "market", "engagement", "sessions", "help", "shape", "specification", "service", "must",
    "pay", "real", "living", "wage", "deliver", "social", "value", "recruit", "local", "staff",
    "cut", "carbon", "emissions", "and", "share", "data", "openly", "demand", "has", "grown",
    "steadily", "since", "pandemic", "costs", "have", "risen", "faster", "than", "budgets",
    "expect", "small", "number", "of", "lots", "based", "on", "localities", "quality",
    "weighted", "above", "price",
]
# fmt: on
FIRST_NAMES = ["Aled", "Bethan", "Chloe", "Dev", "Eleri", "Farah", "Gareth", "Hannah", "Imran"]
LAST_NAMES = ["Jones", "Khan", "Lloyd", "Morgan", "Nowak", "Owen", "Patel", "Rees", "Singh"]
STAGES = ["analyse", "plan", "do", "review"]
ROUTES = ["make", "buy", "share", "shift", "stop"]
PROCUREMENT = ["open", "competitive_flexible", "framework", "dynamic_market", "direct_award"]
SOCIAL_VALUE = ["local_jobs", "local_supply_chain", "net_zero", "skills", "fair_work"]
FIRST_START, LAST_START = date(2027, 1, 1), date(2030, 12, 31)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def plan_data(rng: random.Random, area_ids: dict[str, int], number: int) -> dict:
    """One plan item's editable fields, varied like a council's real plan."""
    area = rng.choice(list(area_ids))
    service = rng.choice(SERVICES[area])
    parts = [rng.choice(QUALIFIERS), service, rng.choice(GROUPS), rng.choice(PLACES)]
    title = " ".join(part for part in parts if part)
    title = title[0].upper() + title[1:]
    paragraphs = [
        " ".join(_sentence(rng, 8, 20) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(1, 3))
    ]
    start = None
    if rng.random() > 0.05:  # a few items do not have a start date yet
        start = FIRST_START + timedelta(days=rng.randrange((LAST_START - FIRST_START).days))
    annual = rng.choice([None, *range(20_000, 5_000_000, 10_000)])
    months = rng.choice([12, 24, 36, 48, 60, 84])
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "title": title,
        "summary": f"{_sentence(rng, 12, 24)} {_sentence(rng, 8, 16)}",
        "description_html": "".join(f"<p>{text}</p>" for text in paragraphs),
        "service_area_id": area_ids[area],
        "commissioning_route": rng.choice(ROUTES),
        "cycle_stage": rng.choice(STAGES),
        "procurement_route": rng.choice(PROCUREMENT),
        "estimated_annual_value": annual,
        "estimated_total_value": annual * months // 12 if annual else None,
        "contract_length_months": months,
        "extension_months": rng.choice([None, 12, 24]),
        "market_engagement_date": start - timedelta(days=rng.randint(270, 450)) if start else None,
        "tender_publication_date": start - timedelta(days=rng.randint(180, 260)) if start else None,
        "award_date": start - timedelta(days=rng.randint(60, 120)) if start else None,
        "contract_start_date": start,
        "suitable_for_sme": rng.random() < 0.4,
        "suitable_for_vcs": rng.random() < 0.3,
        "lots": [f"Lot {n}" for n in range(1, rng.randint(1, 4))],
        "social_value_priorities": rng.sample(SOCIAL_VALUE, rng.randint(0, 3)),
        "contact_name": f"{first} {last}",
        "contact_email": f"{first}.{last}.{number}@elmsworth.gov.example".lower(),
        "contact_phone": "01632 960 000" if rng.random() < 0.5 else None,
    }


# The URLs measured: every kind of filter, alone and combined, past page 1.
# Narrow combinations get low page numbers so each page is full of results.
URL_SHAPES = [
    ({"area": "AREA"}, 20),
    ({"stage": "plan"}, 20),
    ({"route": "buy"}, 20),
    ({"sme": "yes"}, 20),
    ({"q": "care"}, 20),
    ({"q": "support"}, 20),
    ({"area": "AREA", "stage": "plan"}, 10),
    ({"area": "AREA", "sme": "yes"}, 10),
    ({"stage": "do", "route": "buy"}, 20),
    ({"q": "transport", "sme": "yes"}, 5),
    ({"area": "AREA", "route": "buy", "sort": "value"}, 5),
    ({"stage": "review", "sort": "title"}, 20),
]


def plan_urls(area_slugs: list[str], count: int = 40) -> list[str]:
    rng = random.Random(SEED)
    urls = []
    for index in range(count):
        shape, last_page = URL_SHAPES[index % len(URL_SHAPES)]
        args = {
            key: rng.choice(area_slugs) if value == "AREA" else value
            for key, value in shape.items()
        }
        args["page"] = rng.randint(2, last_page)
        urls.append("/plans/?" + urlencode(args))
    return urls


# --- Database ------------------------------------------------------------


def portal_env(database_url: str, secret: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
        "FLASK_APP": "wsgi",
        "PORTAL_ENV": "development",
        "RATELIMIT_ENABLED": "0",
        **extra,
    }


@contextlib.contextmanager
def bench_database(workdir: Path):
    """A fresh database: a SQLite file, or a dedicated PostgreSQL database
    created next to BENCH_DATABASE_URL's and dropped afterwards."""
    base = os.environ.get("BENCH_DATABASE_URL")
    if not base:
        yield f"sqlite:///{workdir / 'bench.sqlite'}", "sqlite (temporary file)"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    url = make_url(normalise_database_url(base))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)'))

    drop()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{PG_BENCH_DATABASE}"'))
        version = conn.execute(text("SHOW server_version")).scalar()
    try:
        bench_url = url.set(database=PG_BENCH_DATABASE)
        yield (
            bench_url.render_as_string(hide_password=False),
            f"postgresql {version} ({bench_url.render_as_string(hide_password=True)})",
        )
    finally:
        drop()
        admin.dispose()


def migrate(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=REPO,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def settle(database_url: str) -> None:
    """Bring PostgreSQL to the state autovacuum would soon reach after a load.

    Straight after loading, the planner has no statistics (it guesses ~65
    rows for 10,000) and every row has a dead twin (set_status rewrites it),
    so the first minute would be measured on a table production never keeps.
    SQLite is left alone: the portal never runs ANALYZE there.
    """
    if not database_url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def load_plans(env: dict[str, str], count: int) -> tuple[list[str], int]:
    """Publish ``count`` items; return the area slugs and how many went through the services.

    Items go through create_plan and set_status, as staff's would: the
    services clean the HTML, build search_text, give each a unique slug,
    release it and bump the content version. That costs a few queries per
    item; if it would take more than LOAD_BUDGET_SECONDS (PostgreSQL over a
    socket, a busy machine), the rest are inserted in bulk with the same
    fields, so the pages served are the same either way.
    """
    # app.config reads some settings from the environment at import time.
    os.environ.update(env)
    from app import create_app
    from app.core.db import db
    from app.demo.plans import load_service_areas
    from app.plans.services import create_plan, set_status

    app = create_app()
    with app.app_context():
        areas = load_service_areas(db.session)
        area_ids = {slug: area.id for slug, area in areas.items()}
        rng = random.Random(SEED)
        specs = (plan_data(rng, area_ids, number) for number in range(1, count + 1))
        started, done = time.monotonic(), 0
        for data in specs:
            set_status(db.session, create_plan(db.session, data), "published")
            done += 1
            # Commit in batches so the session never holds all the items,
            # and check the pace: the projection decides on bulk loading.
            if done % 250 == 0:
                db.session.commit()
                projected = (time.monotonic() - started) / done * count
                if done >= 500 and projected > LOAD_BUDGET_SECONDS:
                    print(f"  services would take ~{projected:.0f} s: bulk-inserting the rest")
                    break
        db.session.commit()
        bulk_publish(db.session, specs)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return sorted(area_ids), done


def bulk_publish(session, specs) -> None:
    """Insert published items with exactly the fields the services would set."""
    from sqlalchemy import insert, select

    from app.core.db import utcnow
    from app.core.page_cache import bump_version
    from app.core.sanitise import clean_html, plain_text
    from app.plans.models import PlanItem
    from app.plans.services import CONTENT, slugify

    taken = set(session.scalars(select(PlanItem.slug)))
    now = utcnow()
    rows = []
    for data in specs:
        # The same unique slug services.unique_slug would pick.
        base = slug = slugify(data["title"])
        suffix = 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        description = clean_html(data["description_html"])
        words = [data["title"], data["summary"], plain_text(description)]
        rows.append(
            {
                **data,
                "slug": slug,
                "description_html": description,
                "search_text": " ".join(words).lower(),
                "status": "published",
                "created_at": now,
                "updated_at": now,
                "release_count": 1,
                "released_at": now,
            }
        )
    for start in range(0, len(rows), 1000):
        session.execute(insert(PlanItem), rows[start : start + 1000])
    if rows:
        bump_version(session, CONTENT)


# --- Servers -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with two sync workers on a free loopback port."""

    def __init__(self, name: str, app: str, cwd: Path, env: dict, ready: str, log: Path):
        self.name, self.port, self.log = name, free_port(), log
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            app,
        ]
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready(ready)
        except BaseException:
            self.stop()  # the caller never gets this server to stop
            raise

    def _wait_until_ready(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see its log:\n{self.log.read_text()}")
            # Refused connections and 5xx while gunicorn boots are OSErrors.
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(self.base + path, timeout=5) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} was not ready after {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful shutdown stops its workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log_file.close()


def page_sizes(base: str, urls: list[str]) -> list[int]:
    sizes = []
    for url in urls:
        with urllib.request.urlopen(base + url, timeout=30) as response:
            body = response.read()
        if response.status != 200 or b"app-plan-list__item" not in body:
            raise RuntimeError(f"{url} did not return a page of results")
        sizes.append(len(body))
    return sizes


# --- Load generators -----------------------------------------------------

WRK_SCRIPT = """
local paths = {__PATHS__}
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


class Wrk:
    name = "wrk"

    def __init__(self, urls: list[str], workdir: Path):
        paths = ", ".join(json.dumps(url) for url in urls)
        self.script = workdir / "plans.lua"
        self.script.write_text(WRK_SCRIPT.replace("__PATHS__", paths))

    def run(self, base: str, seconds: int) -> dict:
        command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
        output = subprocess.run(
            [*command, "-s", str(self.script), base],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
        figures = json.loads(line.removeprefix("BENCH "))
        return {
            "rps": figures["requests"] / (figures["duration_us"] / 1e6),
            "requests": figures["requests"],
            "errors": figures["errors"],
            "p50_ms": figures["p50_us"] / 1000,
            "p99_ms": figures["p99_us"] / 1000,
        }


class PythonClient:
    """Fallback: threads issuing requests with http.client.

    It competes with the servers for the two cores, more than wrk does, but
    the same way for both apps, so the ratio stays fair (absolute figures
    are lower than with wrk).
    """

    name = "python http.client threads"

    def __init__(self, urls: list[str], workdir: Path):
        self.urls = urls

    def run(self, base: str, seconds: int) -> dict:
        host, port = base.removeprefix("http://").split(":")
        deadline = time.monotonic() + seconds
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def worker(offset: int) -> None:
            mine, failed = [], 0
            # http.client reconnects by itself after gunicorn's sync worker
            # closes each connection, as wrk does.
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            index = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    conn.request("GET", self.urls[index % len(self.urls)])
                    response = conn.getresponse()
                    response.read()
                    if response.status != 200:
                        failed += 1
                except (OSError, http.client.HTTPException):
                    failed += 1
                    conn.close()
                mine.append(time.perf_counter() - started)
                index += 1
            conn.close()
            with lock:
                latencies.extend(mine)
                errors[0] += failed

        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(n * 5,)) for n in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 30)
        elapsed = time.monotonic() - started
        latencies.sort()

        def percentile(share: float) -> float:
            return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

        return {
            "rps": len(latencies) / elapsed,
            "requests": len(latencies),
            "errors": errors[0],
            "p50_ms": percentile(0.50) if latencies else None,
            "p99_ms": percentile(0.99) if latencies else None,
        }


def load_generator(urls: list[str], workdir: Path):
    if os.environ.get("BENCH_CLIENT") == "python":
        return PythonClient(urls, workdir)
    if shutil.which("wrk"):
        return Wrk(urls, workdir)
    print(
        "wrk not found: falling back to a Python client (install wrk for steadier figures: "
        "apt-get update && apt-get install -y wrk)",
        flush=True,
    )
    return PythonClient(urls, workdir)


# --- The run -------------------------------------------------------------


def measure(client, servers: dict[str, Server]) -> dict[str, list[dict]]:
    """Warm every server up, then measure them in turn, round after round.

    Alternating, and rotating which goes first, spreads the machine's noise
    over all of them instead of letting it land on one.
    """
    for server in servers.values():
        client.run(server.base, WARMUP_SECONDS)
    rounds: dict[str, list[dict]] = {name: [] for name in servers}
    names = list(servers)
    for number in range(ROUNDS):
        order = names[number % len(names) :] + names[: number % len(names)]
        for name in order:
            figures = client.run(servers[name].base, SECONDS)
            rounds[name].append(figures)
            print(
                f"  round {number + 1}/{ROUNDS}  {name:<18} {figures['rps']:8.1f} req/s"
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
        "p99_ms": median("p99_ms"),
        "errors": sum(figures["errors"] for figures in rounds),
        "rounds": rounds,
    }


def report(results: dict) -> None:
    rows = results["servers"]
    served = results["items_through_services"]
    how = "all through the services"
    if served < results["items"]:
        how = f"{served:,} through the services, the rest in bulk,"
    print()
    print("Open Commissioning Portal: /plans/ filtered and paginated")
    print(
        f"items: {results['items']:,} published ({how} in {results['load_seconds']:.1f} s)   "
        f"database: {results['database']}"
    )
    machine = results["machine"]
    print(
        f"machine: {machine['nproc']} cores, load average {machine['loadavg_before']} before   "
        f"python {machine['python']}"
    )
    print(
        f"load: {results['load_generator']}, {CONNECTIONS} connections, {len(results['urls'])} "
        f"URLs, {ROUNDS} rounds x {SECONDS} s alternating; gunicorn {WORKERS} sync workers"
    )
    print()
    header = f"{'':<20}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'page bytes':>12}"
    print(header)
    print("-" * len(header))
    labels = {
        "bare": "bare Flask",
        "cache_on": "portal, cache on",
        "cache_off": "portal, cache off",
    }
    for name, label in labels.items():
        row = rows[name]
        p50 = f"{row['p50_ms']:9.1f}" if row["p50_ms"] is not None else f"{'-':>9}"
        p99 = f"{row['p99_ms']:9.1f}" if row["p99_ms"] is not None else f"{'-':>9}"
        ratio = results["ratios"].get(name, 1.0)
        print(f"{label:<20}{row['rps']:9.1f}{ratio:8.2f}{p50}{p99}{row['page_bytes']:12,}")
    print("req/s and latencies: median over rounds; ratio: median of each round's portal/bare")
    print()
    # The target applies to the portal as deployed (cache on). The cache-off
    # figure is the cost of the first view of a URL after a change, shown so
    # nobody mistakes the cache for the whole story.
    ratio = results["ratios"]["cache_on"]
    verdict = "ok" if ratio >= TARGET else "BELOW TARGET"
    each = " ".join(f"{value:.2f}" for value in results["round_ratios"]["cache_on"])
    print(
        f"portal as deployed (cache on): {ratio:.2f} of the bare ceiling "
        f"(target {TARGET}): {verdict}   [rounds: {each}]"
    )
    each = " ".join(f"{value:.2f}" for value in results["round_ratios"]["cache_off"])
    print(
        f"every request rendered from the database (cache off, for information): "
        f"{results['ratios']['cache_off']:.2f}   [rounds: {each}]"
    )
    errors = sum(row["errors"] for row in rows.values())
    if errors:
        print(f"WARNING: {errors} failed requests (see rounds in {RESULTS})")
    print(f"\nfigures written to {RESULTS.relative_to(REPO)}")


def run(workdir: Path) -> dict:
    secret = secrets.token_urlsafe(32)
    loadavg = " ".join(f"{value:.2f}" for value in os.getloadavg())
    servers: dict[str, Server] = {}
    with bench_database(workdir) as (database_url, database_label):
        try:
            env = portal_env(database_url, secret)
            print(f"database: {database_label}; migrating...", flush=True)
            migrate(env)
            print(f"loading {ITEMS:,} plan items through the services...", flush=True)
            started = time.monotonic()
            area_slugs, through_services = load_plans(env, ITEMS)
            settle(database_url)
            load_seconds = time.monotonic() - started
            print(f"  loaded in {load_seconds:.1f} s", flush=True)

            urls = plan_urls(area_slugs)
            for name, cache in (("cache_on", "1"), ("cache_off", "0")):
                servers[name] = Server(
                    f"portal ({name})",
                    "wsgi:app",
                    REPO,
                    portal_env(database_url, secret, PAGE_CACHE_ENABLED=cache),
                    "/healthz",
                    workdir / f"{name}.log",
                )
            sizes = {name: page_sizes(servers[name].base, urls) for name in servers}
            if sizes["cache_on"] != sizes["cache_off"]:
                raise RuntimeError("cached and uncached pages differ in size")
            median_size = int(statistics.median(sizes["cache_on"]))

            bare_env = {**os.environ, "BARE_PAGE_BYTES": str(median_size)}
            bare = Server(
                "bare", "bare_app:app", BENCH_DIR, bare_env, "/plans/", workdir / "bare.log"
            )
            servers = {"bare": bare, **servers}
            bare_size = page_sizes(bare.base, urls[:1])[0]

            client = load_generator(urls, workdir)
            print(f"measuring with {client.name}...", flush=True)
            rounds = measure(client, servers)
        finally:
            for server in servers.values():
                server.stop()

    summary = {name: summarise(figures) for name, figures in rounds.items()}
    summary["bare"]["page_bytes"] = bare_size
    for name in ("cache_on", "cache_off"):
        summary[name]["page_bytes"] = median_size
    # Within a round, the bare app and each portal are measured seconds
    # apart, so the machine's noise mostly cancels in their ratio; the median
    # of the rounds' ratios then drops a round that a neighbour disturbed.
    round_ratios = {
        name: [
            portal["rps"] / bare["rps"]
            for portal, bare in zip(rounds[name], rounds["bare"], strict=True)
        ]
        for name in ("cache_on", "cache_off")
    }
    return {
        "items": ITEMS,
        "load_seconds": round(load_seconds, 1),
        "items_through_services": through_services,
        "database": database_label,
        "load_generator": client.name,
        "connections": CONNECTIONS,
        "rounds": ROUNDS,
        "seconds_per_round": SECONDS,
        "gunicorn_workers": WORKERS,
        "urls": urls,
        "page_bytes": {
            "median": median_size,
            "min": min(sizes["cache_on"]),
            "max": max(sizes["cache_on"]),
        },
        "machine": {
            "nproc": os.cpu_count(),
            "loadavg_before": loadavg,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "servers": summary,
        "ratios": {name: statistics.median(values) for name, values in round_ratios.items()},
        "round_ratios": round_ratios,
        "ratio_of_median_rps": {
            name: summary[name]["rps"] / summary["bare"]["rps"] for name in round_ratios
        },
        "target": TARGET,
    }


def main() -> int:
    return run_within_budget(run, report, RESULTS, BUDGET_SECONDS, workdir_prefix="bench-plans-")


if __name__ == "__main__":
    sys.exit(main())
