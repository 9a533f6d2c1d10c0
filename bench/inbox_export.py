"""Benchmark: the inbox exports (/inbox/export.csv and /inbox/export.xlsx)
with up to a million items.

Loads inbox items in bulk into a fresh database, then downloads each export
through the Flask test client, signed in as a viewer, in a fresh child
process per download so each process's peak memory belongs to that one
export. Reports rows per second, total time, time to the first byte, bytes,
and memory: the child's peak resident set size (ru_maxrss) before and after
the download and, where enabled, the peak Python allocation traced by
tracemalloc during it.

It measures in steps: the first 100,000 items (CSV and XLSX, both traced),
then the full BENCH_ITEMS (CSV, and XLSX unless BENCH_XLSX_MAX is lower), so
the figures show whether memory follows the item count.

Run: ``.venv/bin/python bench/inbox_export.py`` (see bench/README.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "inbox_export.json"
sys.path.insert(0, str(REPO))

ITEMS = int(os.environ.get("BENCH_ITEMS", 1_000_000))
FIRST_STEP = int(os.environ.get("BENCH_FIRST_STEP", 100_000))
# The XLSX export is measured only up to this many items (it is slower, and
# the whole file is written before the first byte is sent).
XLSX_MAX = int(os.environ.get("BENCH_XLSX_MAX", ITEMS))
# tracemalloc slows Python down two- to three-fold: trace only up to here.
TRACE_MAX = int(os.environ.get("BENCH_TRACE_MAX", 100_000))
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 480))
PG_BENCH_DATABASE = "bench_inbox"
PASSWORD = "correct horse battery staple"
VIEWER = "viewer@elmsworth.gov.example"
LOAD_BATCH = 10_000
SEED = 20270401

# fmt: off
KINDS = {"consultation_response": "CON", "young_people_response": "CYP", "challenge": "RTC",
         "supplier_registration": "SUP", "event_booking": "EVT", "survey_response": "SRV"}
TOPICS = ["home care", "the day centre", "library opening hours", "bus passes", "youth clubs",
          "respite care", "school transport", "the leisure centre", "meals on wheels",
          "supported housing", "the food bank grant", "play areas"]
SENTENCES = [
    "We have used this service for three years and it has made a real difference.",
    "Please keep the Saturday sessions; many carers cannot come in the week.",
    "The proposal does not say how people without the internet will be told.",
    "Mae’r gwasanaeth yn bwysig iawn i’r gymuned leol ac i’r teuluoedd sy’n ei ddefnyddio.",
    "Our organisation would like to run this from April, with local volunteers.",
    "=HYPERLINK(\"http://evil.example\",\"Click here\") was pasted by someone testing us.",
    "Transport is the biggest problem: the last bus leaves at half past five.",
    "I agree with option two, but the costs in the appendix look low to me.",
    "Diolch am y cyfle i ymateb. Hoffem weld mwy o wasanaethau yn Gymraeg.",
    "-1 for closing the centre; +1 for longer opening hours at the library.",
    "My mother relies on the visits; the staff are kind and always on time.",
    "Could you publish the equality impact assessment before the decision?",
]
FIRST = ["Ann", "Siân", "Mohammed", "Rhys", "Priya", "Tomasz", "Gwen", "Kwame", "Llŷr", "Ellie"]
LAST = ["Jones", "Williams", "Patel", "Evans", "Nowak", "Davies", "Okafor", "Hughes", "Smith"]
AREAS = [("adult-social-care", "Adult social care", "Gofal oedolion"),
         ("childrens-services", "Children’s services", "Gwasanaethau plant"),
         ("housing", "Housing", "Tai"),
         ("public-health", "Public health", "Iechyd y cyhoedd"),
         ("leisure-and-culture", "Leisure and culture", "Hamdden a diwylliant")]
THEMES = ["transport", "cost of living", "opening hours", "staffing", "welsh language"]
# fmt: on


# --- Loading -------------------------------------------------------------


def _database_url(workdir: Path) -> str:
    base = os.environ.get("BENCH_DATABASE_URL")
    if not base:
        return f"sqlite:///{workdir}/bench.sqlite"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    url = make_url(normalise_database_url(base))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_BENCH_DATABASE}"'))
    admin.dispose()
    return url.set(database=PG_BENCH_DATABASE).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_BENCH_DATABASE}" WITH (FORCE)'))
    admin.dispose()


def _app(url: str):
    from app import create_app

    return create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})


def _prepare(url: str) -> dict:
    """Tables, service areas, staff and themes; the ids the items refer to."""
    from sqlalchemy import insert, select

    from app.accounts.models import Role
    from app.accounts.services import create_or_update_staff
    from app.core.db import db
    from app.core.models import ServiceArea
    from app.inbox.models import InboxTag

    app = _app(url)
    with app.app_context():
        db.create_all()
        db.session.execute(
            insert(ServiceArea), [{"slug": s, "name": n, "name_cy": c} for s, n, c in AREAS]
        )
        create_or_update_staff(db.session, VIEWER, Role.VIEWER, PASSWORD)
        staff = [
            create_or_update_staff(
                db.session, f"officer{n}@elmsworth.gov.example", Role.COMMISSIONER, PASSWORD
            )
            for n in range(4)
        ]
        db.session.execute(insert(InboxTag), [{"name": name} for name in THEMES])
        db.session.commit()
        ids = {
            "areas": list(db.session.scalars(select(ServiceArea.id))),
            "staff": [user.id for user in staff],
            "tags": list(db.session.scalars(select(InboxTag.id))),
        }
        db.engine.dispose()
    return ids


def _item(rng: random.Random, number: int, ids: dict, start: datetime) -> dict:
    kind = rng.choice(list(KINDS))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    status = rng.choices(["new", "in_progress", "waiting", "closed"], [4, 3, 1, 4])[0]
    received = start + timedelta(seconds=number * 90 + rng.randrange(60))
    return {
        "reference": f"{KINDS[kind]}-{received.year}-{number:07d}",
        "kind": kind,
        "subject": f"About {rng.choice(TOPICS)}",
        "service_area_id": rng.choice(ids["areas"]) if rng.random() < 0.8 else None,
        "received_at": received,
        "status": status,
        "submitter_name": f"{first} {last}",
        "submitter_email": f"{first.lower()}.{last.lower()}{number}@example.org",
        "submitter_locale": "cy" if rng.random() < 0.2 else "en",
        "body_text": " ".join(rng.choices(SENTENCES, k=rng.randint(2, 7))),
        "assignee_id": rng.choice(ids["staff"]) if rng.random() < 0.6 else None,
        "due_on": date(2027, 1, 1) + timedelta(days=rng.randrange(700))
        if rng.random() < 0.3
        else None,
        "urgent": rng.random() < 0.05,
        "safeguarding": rng.random() < 0.02,
        "closed_at": received + timedelta(days=5) if status == "closed" else None,
        "outcome": "Replied with the decision." if status == "closed" else None,
    }


def _load(url: str, ids: dict, first: int, count: int) -> float:
    """Insert items first..first+count with executemany, LOAD_BATCH at a time."""
    from sqlalchemy import create_engine, func, insert, select

    from app.inbox.models import InboxItem, inbox_item_tag

    rng = random.Random(SEED + first)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    engine = create_engine(url)
    began = time.perf_counter()
    with engine.begin() as conn:
        next_id = (conn.scalar(select(func.max(InboxItem.id))) or 0) + 1
    for offset in range(first, first + count, LOAD_BATCH):
        batch = [
            _item(rng, number, ids, start)
            for number in range(offset, min(offset + LOAD_BATCH, first + count))
        ]
        for index, row in enumerate(batch):
            row["id"] = next_id + index
        tags = [
            {"item_id": row["id"], "tag_id": tag}
            for row in batch
            if rng.random() < 0.25
            for tag in rng.sample(ids["tags"], rng.randint(1, 2))
        ]
        with engine.begin() as conn:
            conn.execute(insert(InboxItem), batch)
            if tags:
                conn.execute(insert(inbox_item_tag), tags)
        next_id += len(batch)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return time.perf_counter() - began


# --- Measuring (in a child process) ---------------------------------------


def _sign_in(client) -> None:
    import re

    page = client.get("/staff/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    response = client.post(
        "/staff/sign-in",
        data={"csrf_token": token.group(1), "email": VIEWER, "password": PASSWORD},
    )
    assert response.status_code == 302, response.status_code


def _rss_now_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


class _RssSampler(threading.Thread):
    """The largest resident set seen, sampled every 20 ms while it runs: the
    export's own peak, which ru_maxrss hides when start-up (password hashing
    at sign-in) peaked higher."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = _rss_now_kb()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            self.peak_kb = max(self.peak_kb, _rss_now_kb())

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        return max(self.peak_kb, _rss_now_kb())


def child(url: str, file_format: str, trace: bool) -> dict:
    app = _app(url)
    client = app.test_client()
    _sign_in(client)
    # Warm up: imports, compiled SQL and templates, so only the export is measured.
    for warm in ("csv", "xlsx"):
        client.get(f"/inbox/export.{warm}?q=no-such-item-anywhere").close()
    before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before_now = _rss_now_kb()
    sampler = _RssSampler()
    sampler.start()
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    response = client.get(f"/inbox/export.{file_format}", buffered=False)
    assert response.status_code == 200, response.status_code
    first_byte = None
    size = 0
    for chunk in response.response:
        if first_byte is None:
            first_byte = time.perf_counter() - began
        size += len(chunk)
    response.close()
    elapsed = time.perf_counter() - began
    peak_during = sampler.stop()
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    return {
        "seconds": round(elapsed, 2),
        "first_byte_seconds": round(first_byte or elapsed, 2),
        "bytes": size,
        "rss_before_kb": before_now,
        "rss_peak_during_kb": peak_during,
        "max_rss_before_kb": before_max,
        "max_rss_after_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tracemalloc_peak_kb": traced_peak // 1024 if traced_peak is not None else None,
    }


def _measure(url: str, file_format: str, trace: bool, deadline: float) -> dict:
    remaining = deadline - time.monotonic()
    if remaining < 10:
        raise TimeoutError("out of time before the export could run")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, file_format, "1" if trace else "0"],
        capture_output=True,
        text=True,
        timeout=remaining,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The run ----------------------------------------------------------------


def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:,.0f}"


def main() -> int:
    started = time.monotonic()
    deadline = started + BUDGET_SECONDS

    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark ran past {BUDGET_SECONDS} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(BUDGET_SECONDS)
    workdir = Path(tempfile.mkdtemp(prefix="bench-inbox-"))
    url = ""
    results: list[dict] = []
    try:
        url = _database_url(workdir)
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{database}, {ITEMS:,} items, budget {BUDGET_SECONDS} s", flush=True)
        ids = _prepare(url)
        loaded = 0
        for step in sorted({min(FIRST_STEP, ITEMS), ITEMS}):
            seconds = _load(url, ids, loaded, step - loaded)
            print(f"loaded {step - loaded:,} items in {seconds:.1f} s", flush=True)
            loaded = step
            for file_format in ("csv", "xlsx"):
                if file_format == "xlsx" and step > XLSX_MAX:
                    continue
                trace = step <= TRACE_MAX
                figures = _measure(url, file_format, trace, deadline)
                figures.update(
                    format=file_format,
                    items=step,
                    traced=trace,
                    rows_per_second=round(step / figures["seconds"]),
                )
                results.append(figures)
                print(
                    f"  {file_format}: {figures['rows_per_second']:,} rows/s, "
                    f"{figures['seconds']} s, {figures['bytes']:,} bytes, "
                    f"RSS {_mb(figures['rss_before_kb'])} -> peak "
                    f"{_mb(figures['rss_peak_during_kb'])} MB",
                    flush=True,
                )
    except Exception as error:  # report what was measured, then say why it stopped
        print(f"STOPPED: {type(error).__name__}: {error}", flush=True)
    finally:
        signal.alarm(0)
        with contextlib.suppress(Exception):
            _drop_database(url)
        shutil.rmtree(workdir, ignore_errors=True)

    _report(results, url)
    return 0 if results else 1


def _report(results: list[dict], url: str) -> None:
    header = (
        "| format | items | traced | rows/s | total s | first byte s | MB sent "
        "| RSS before MB | RSS peak during MB | ru_maxrss MB | tracemalloc peak MB |"
    )
    print()
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for r in results:
        print(
            f"| {r['format']} | {r['items']:,} | {'yes' if r['traced'] else 'no'} "
            f"| {r['rows_per_second']:,} | {r['seconds']} | {r['first_byte_seconds']} "
            f"| {r['bytes'] / 1e6:,.1f} | {_mb(r['rss_before_kb'])} "
            f"| {_mb(r['rss_peak_during_kb'])} "
            f"| {_mb(r['max_rss_after_kb'])} | {_mb(r['tracemalloc_peak_kb'])} |"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": "postgresql" if url.startswith("postgresql") else "sqlite",
                "items": ITEMS,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_average": os.getloadavg(),
                },
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4] == "1")))
        sys.exit(0)
    sys.exit(main())
