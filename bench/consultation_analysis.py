"""Benchmark: analysing and exporting a consultation with 200,000 responses
(PostgreSQL).

1. A fresh database ``bench_analysis`` next to BENCH_DATABASE_URL (default
   postgresql+psycopg://postgres@127.0.0.1:5432/postgres; dropped however the
   run ends), ``flask db upgrade`` and ``flask demo-data``.
2. Loads BENCH_RESPONSES (200,000) sent responses to the demo's open
   consultation ("Youth club evenings and weekends", six questions of every
   kind) with ``COPY``: three quarters adult, a quarter young people's
   version, a fifth from organisations, every question answered from a seeded
   random spread, free text for 40%. Then ``VACUUM ANALYZE``.
3. In-process, as the analysis page and the export download call them:
   ``analyse()`` (every question's counts, and the free text's campaigns,
   identical and near-identical answers gathered over every answer, with
   the first page of them), three times, median; then the responses CSV
   export (``exports.responses_csv_lines``, streamed as the download sends it),
   with tracemalloc on, for its peak
   Python allocation, and the process's peak resident set.

Targets (issue 20): analysis under 1 s; an export in bounded memory.
Writes bench/results/consultation_analysis.json.
"""

from __future__ import annotations

import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "consultation_analysis.json"
sys.path.insert(0, str(REPO))

from harness import run_within_budget  # noqa: E402

SERVER_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DATABASE = "bench_analysis"
RESPONSES = int(os.environ.get("BENCH_RESPONSES", 200_000))
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 900))
# The export is streamed a batch of responses at a time; with tracemalloc on it
# runs several times slower, so it is measured only up to this many responses.
EXPORT_MAX = int(os.environ.get("BENCH_EXPORT_MAX", 20_000))
SLUG = "youth-club-evenings-and-weekends"
TARGET_SECONDS = 1.0
SEED = 20261205
COMMENTS = [
    "Saturday afternoons would suit working parents much better.",
    "Please keep the Thursday session at Marsh Lane, it is the only one we can walk to.",
    "A bus to Riverside does not help children who cannot travel on their own.",
    "More music and art, fewer trips: trips cost families money.",
    "Homework help on weekday evenings would make a real difference.",
]


def database_url() -> str:
    return make_url(SERVER_URL).set(database=DATABASE).render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


def _flask(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def _answer(rng: random.Random, kind: str, choices: list[str]):
    import json

    if kind == "scale":
        value = rng.choice(["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"])
    elif kind == "single":
        value = rng.choice(choices)
    elif kind == "multiple":
        value = rng.sample(choices, rng.randint(1, len(choices)))
    elif kind == "ranking":
        value = rng.sample(choices, len(choices))
    elif kind == "yes_no":
        value = rng.choice(["yes", "no"])
    else:
        if rng.random() > 0.4:
            return None
        value = rng.choice(COMMENTS)
    return json.dumps(value)


def load(url: str) -> dict:
    import psycopg

    rng = random.Random(SEED)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    started = time.monotonic()
    with psycopg.connect(conninfo) as conn:
        consultation_id = conn.execute(
            "SELECT id FROM consultation WHERE slug = %s", (SLUG,)
        ).fetchone()[0]
        questions = conn.execute(
            "SELECT id, kind, choices FROM consultation_question WHERE consultation_id = %s",
            (consultation_id,),
        ).fetchall()
        # Options are stored as {"key", "en", "cy"}; an answer holds the key.
        option_keys = [
            (question_id, kind, [c["key"] if isinstance(c, dict) else c for c in choices or []])
            for question_id, kind, choices in questions
        ]
        first_id = conn.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM consultation_response"
        ).fetchone()[0]
        answers = 0
        with conn.cursor() as cursor:
            with cursor.copy(
                "COPY consultation_response (id, consultation_id, reference, version, "
                "respondent_type, locale, submitted_at, submission_key, safeguarding) "
                "FROM STDIN"
            ) as copy:
                for number in range(RESPONSES):
                    response_id = first_id + number
                    version = "young_people" if rng.random() < 0.25 else "adult"
                    kind = "organisation" if rng.random() < 0.2 else "individual"
                    copy.write_row(
                        (response_id, consultation_id, f"BEN-{response_id:09d}", version,
                         kind, "en", "2026-11-20 12:00:00+00", f"bench-{response_id}", False)
                    )  # fmt: skip
            with cursor.copy(
                "COPY consultation_answer (response_id, question_id, value) FROM STDIN"
            ) as copy:
                for number in range(RESPONSES):
                    for question_id, kind, keys in option_keys:
                        value = _answer(rng, kind, keys)
                        if value is not None:
                            copy.write_row((first_id + number, question_id, value))
                            answers += 1
        conn.commit()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return {
        "consultation_id": consultation_id,
        "answers": answers,
        "load_seconds": round(time.monotonic() - started, 1),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(env: dict, consultation_id: int) -> dict:
    os.environ.update(env)
    from app import create_app
    from app.consultations.analysis import Filters, analyse
    from app.consultations.exports import responses_csv_lines
    from app.consultations.models import Consultation
    from app.core.db import db

    app = create_app()
    with app.test_request_context("/"):
        consultation = db.session.get(Consultation, consultation_id)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            analyse(db.session, consultation, Filters())
            timings.append(time.perf_counter() - started)
            db.session.expire_all()
            if timings[-1] > 30:  # far past the target: once is enough
                break
        rss_before_export = peak_rss_mb()
        if RESPONSES > EXPORT_MAX:
            return {
                "analysis_seconds": [round(value, 3) for value in timings],
                "analysis_median_seconds": round(statistics.median(timings), 3),
                "export": f"not measured above BENCH_EXPORT_MAX={EXPORT_MAX} responses",
            }
        tracemalloc.start()
        started = time.perf_counter()
        # As the download sends it: line by line, nothing kept.
        lines = size = 0
        for line in responses_csv_lines(db.session, consultation, Filters()):
            lines += 1
            size += len(line.encode())
        export_seconds = time.perf_counter() - started
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows = lines - 1
    return {
        "analysis_seconds": [round(value, 3) for value in timings],
        "analysis_median_seconds": round(statistics.median(timings), 3),
        "export_rows": rows,
        "export_bytes": size,
        "export_seconds_traced": round(export_seconds, 2),
        "export_traced_peak_mb": round(traced_peak / 2**20, 1),
        "peak_rss_before_export_mb": round(rss_before_export, 1),
        "peak_rss_after_export_mb": round(peak_rss_mb(), 1),
    }


def run() -> dict:
    loadavg = " ".join(f"{value:.2f}" for value in os.getloadavg())
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    try:
        env = {
            **os.environ,
            "FLASK_APP": "wsgi",
            "PORTAL_ENV": "development",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "bench-analysis-secret-not-for-anything-else",
            "DEMO_STAFF_PASSWORD": "bench demo password",
        }
        print("migrating and loading the demo council...", flush=True)
        _flask(env, "db", "upgrade")
        _flask(env, "demo-data")
        print(f"loading {RESPONSES:,} responses with COPY...", flush=True)
        loaded = load(database_url())
        print(f"  {loaded['answers']:,} answers in {loaded['load_seconds']} s", flush=True)
        figures = measure(env, loaded["consultation_id"])
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return {
        "responses": RESPONSES,
        **loaded,
        **figures,
        "machine": {
            "nproc": os.cpu_count(),
            "loadavg_before": loadavg,
            "loadavg_after": " ".join(f"{value:.2f}" for value in os.getloadavg()),
            "python": platform.python_version(),
        },
        "target_seconds": TARGET_SECONDS,
    }


def report(results: dict) -> None:
    verdict = "ok" if results["analysis_median_seconds"] < TARGET_SECONDS else "ABOVE TARGET"
    machine = results["machine"]
    print()
    print(
        f"Consultation analysis: {results['responses']:,} responses, "
        f"{results['answers']:,} answers (PostgreSQL)"
    )
    print(
        f"machine: {machine['nproc']} cores, load average {machine['loadavg_before']} "
        f"before, {machine['loadavg_after']} after"
    )
    print(
        f"analyse(): median {results['analysis_median_seconds']} s "
        f"(runs {results['analysis_seconds']}), target < {TARGET_SECONDS} s: {verdict}"
    )
    if "export" in results:
        print(f"responses CSV: {results['export']}")
        print(f"\nfigures written to {RESULTS.relative_to(REPO)}")
        return
    megabytes = results["export_bytes"] / 2**20
    print(
        f"responses CSV: {results['export_rows']:,} rows, {megabytes:.1f} MB in "
        f"{results['export_seconds_traced']} s (traced); tracemalloc peak "
        f"{results['export_traced_peak_mb']} MB; peak RSS "
        f"{results['peak_rss_before_export_mb']} -> {results['peak_rss_after_export_mb']} MB"
    )
    print(f"\nfigures written to {RESULTS.relative_to(REPO)}")


def main() -> int:
    return run_within_budget(run, report, RESULTS, BUDGET_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
