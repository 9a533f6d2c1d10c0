"""Benchmark: /inbox/reports with up to a million inbox items.

Loads BENCH_ITEMS items in bulk (default 1,000,000, as bench/inbox_export.py
does), rebuilds the reports' rollup from scratch (the work of
``flask inbox-reports-rebuild``, timed), then requests the reports page
BENCH_REQUESTS times through the Flask test client, signed in as a
commissioner, and reports p50/p95 latency and the queries per page. In the
same run it requests a bare Flask page of the same size
(bench/bare_sized_app.py) through its own test client and reports the ratio.

Run: ``.venv/bin/python bench/inbox_reports.py`` (see bench/README.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "inbox_reports.json"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH_DIR))

import inbox_export  # noqa: E402  (the same loader, items and staff)

ITEMS = int(os.environ.get("BENCH_ITEMS", 1_000_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 480))
COMMISSIONER = "officer0@elmsworth.gov.example"
# The items start on 1 January 2024, one every 90 seconds: ask for 2024-2026.
PAGE = "/inbox/reports?from=2024-01&to=2026-12"


def _sign_in(client) -> None:
    page = client.get("/staff/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    response = client.post(
        "/staff/sign-in",
        data={
            "csrf_token": token.group(1),
            "email": COMMISSIONER,
            "password": inbox_export.PASSWORD,
        },
    )
    assert response.status_code == 302, response.status_code


def _timings(client, url: str, count: int) -> tuple[list[float], int]:
    for _ in range(5):  # warm up: templates, compiled SQL
        client.get(url)
    times = []
    size = 0
    for _ in range(count):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return times, size


def _percentiles(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
    }


def main() -> int:
    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark ran past {BUDGET_SECONDS} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(BUDGET_SECONDS)
    workdir = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    url = ""
    result: dict = {}
    try:
        inbox_export.PG_BENCH_DATABASE = "bench_inbox_reports"
        url = inbox_export._database_url(workdir)
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{database}, {ITEMS:,} items, budget {BUDGET_SECONDS} s", flush=True)
        ids = inbox_export._prepare(url)
        seconds = inbox_export._load(url, ids, 0, ITEMS)
        print(f"loaded {ITEMS:,} items in {seconds:.1f} s", flush=True)
        result["load_seconds"] = round(seconds, 1)

        from sqlalchemy import event

        from app.core.db import db
        from app.inbox.reports import rebuild

        app = inbox_export._app(url)
        with app.app_context():
            began = time.perf_counter()
            cells = rebuild(db.session)
            db.session.commit()
            result["rebuild_seconds"] = round(time.perf_counter() - began, 1)
            result["rollup_cells"] = cells
            engine = db.engine
        print(f"rebuilt the rollup ({cells:,} cells) in {result['rebuild_seconds']} s", flush=True)

        client = app.test_client()
        _sign_in(client)
        statements: list[str] = []

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        client.get(PAGE)
        event.remove(engine, "before_cursor_execute", count)
        result["queries_per_page"] = len(statements)
        times, size = _timings(client, PAGE, REQUESTS)
        result["portal"] = {**_percentiles(times), "bytes": size}
        print(f"  reports page: {result['portal']}, {len(statements)} queries", flush=True)

        import bare_sized_app

        bare = bare_sized_app.app.test_client()
        bare_times, bare_size = _timings(bare, f"/sized/{size}", REQUESTS)
        result["bare"] = {**_percentiles(bare_times), "bytes": bare_size}
        result["ratio_p50"] = round(result["portal"]["p50_ms"] / result["bare"]["p50_ms"], 1)
        result["ratio_p95"] = round(result["portal"]["p95_ms"] / result["bare"]["p95_ms"], 1)
        print(f"  bare Flask, same size: {result['bare']}", flush=True)
    except Exception as error:  # report what was measured, then say why it stopped
        print(f"STOPPED: {type(error).__name__}: {error}", flush=True)
    finally:
        signal.alarm(0)
        with contextlib.suppress(Exception):
            inbox_export._drop_database(url)
        shutil.rmtree(workdir, ignore_errors=True)
    _report(result, url)
    return 0 if "ratio_p50" in result else 1


def _report(result: dict, url: str) -> None:
    if "ratio_p50" in result:
        print()
        print("| page | p50 ms | p95 ms | bytes |")
        print("|---|---|---|---|")
        for name in ("portal", "bare"):
            r = result[name]
            print(f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['bytes']:,} |")
        print(f"\nratio to bare Flask: p50 {result['ratio_p50']}x, p95 {result['ratio_p95']}x")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": "postgresql" if url.startswith("postgresql") else "sqlite",
                "items": ITEMS,
                "requests": REQUESTS,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_average": os.getloadavg(),
                },
                **result,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
