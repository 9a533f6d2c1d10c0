"""Benchmark: suggested themes for a 200,000-answer consultation question.

1. Makes a fresh database: a SQLite file in a scratch folder, or, when
   BENCH_DATABASE_URL is set, a PostgreSQL database ``bench_themes`` on that
   server (created and dropped here). Creates the tables.
2. Loads one consultation with one free-text question and BENCH_ANSWERS
   (default 200,000) responses, adults' and young people's, each answering it
   with a varied, realistic sentence or two from the demo generator
   (app/demo/free_text.py, deterministic). Bulk Core inserts.
3. Asks for suggestions as the page does (`request_run`, commit) and starts
   a worker process that works the run out (`compute`, as `flask worker`
   does), then reports the time from asking to the suggestions being stored
   and ready, the job's own time, the worker's peak memory (and what the
   process held before the job, imports included), and the themes found.

The target is suggestions ready within 30 s of asking on the project's
2-core machine. That machine is shared with other work while this runs, so
the load average at the start is printed beside the figures.

Run: ``make bench-themes`` or ``.venv/bin/python bench/theme_suggestions.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "theme_suggestions.json"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH_DIR))

from harness import run_within_budget  # noqa: E402

ANSWERS = int(os.environ.get("BENCH_ANSWERS", "200000"))
TARGET_SECONDS = 30
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET", "600"))
PG_BENCH_DATABASE = "bench_themes"


def _database(workdir: Path) -> str:
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

    # No thread in this process: the worker process below does the work.
    return create_app(
        "test", {"SQLALCHEMY_DATABASE_URI": url, "THEME_SUGGESTIONS_IN_PROCESS": False}
    )


def _load(url: str) -> tuple[int, float]:
    """The consultation, its question and the answers; (question id, seconds)."""
    from sqlalchemy import insert

    from app.consultations.models import ConsultationAnswer, ConsultationResponse
    from app.consultations.services import add_question, create_consultation
    from app.core.db import db, utcnow
    from app.core.models import ServiceArea
    from app.demo.free_text import answers

    started = time.perf_counter()
    app = _app(url)
    with app.app_context():
        db.create_all()
        area = ServiceArea(slug="children", name="Children and families", name_cy="Plant")
        db.session.add(area)
        db.session.flush()
        now = utcnow()
        consultation = create_consultation(
            db.session,
            {
                "title": "Youth club evenings and weekends",
                "summary": "Moving two sessions to Saturdays.",
                "background_html": "",
                "service_area_id": area.id,
                "opens_at": now,
                "closes_at": now,
                "contact_name": "Youth service",
                "contact_email": "youth@elmsworth.gov.example",
                "postal_address": "",
                "young_people_version": True,
                "young_people_intro": "",
                "plan_slugs": [],
            },
        )
        question = add_question(
            db.session,
            consultation,
            {
                "kind": "free_text",
                "text": "Is there anything else you would like to tell us?",
                "help_text": "",
                "young_text": "",
                "young_help_text": "",
                "choices": [],
                "max_length": 2000,
                "required": False,
                "page": 1,
            },
        )
        db.session.commit()
        question_id, consultation_id = question.id, consultation.id
        batch_responses, batch_answers = [], []
        for n, (version, text) in enumerate(answers(ANSWERS, seed=22), start=1):
            batch_responses.append(
                {
                    "id": n,
                    "consultation_id": consultation_id,
                    "reference": f"CON-2026-B{n:06d}",
                    "version": version,
                    "respondent_type": None if version == "young_people" else "individual",
                    "locale": "en",
                    "submitted_at": now,
                    "submission_key": f"bench-{n}",
                    "safeguarding": False,
                }
            )
            batch_answers.append({"response_id": n, "question_id": question_id, "value": text})
            if len(batch_responses) == 10000:
                db.session.execute(insert(ConsultationResponse), batch_responses)
                db.session.execute(insert(ConsultationAnswer), batch_answers)
                batch_responses, batch_answers = [], []
        if batch_responses:
            db.session.execute(insert(ConsultationResponse), batch_responses)
            db.session.execute(insert(ConsultationAnswer), batch_answers)
        db.session.commit()
        db.engine.dispose()
    return question_id, time.perf_counter() - started


def child(url: str, run_id: str) -> dict:
    """The worker's side: what `flask worker` runs for a waiting suggestion."""
    import resource

    app = _app(url)
    with app.app_context():
        from app.core.themes.services import compute

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        status = compute(int(run_id))
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"status": status, "job_seconds": seconds, "rss_before_kb": before, "peak_kb": peak}


def run(workdir: Path) -> dict:
    url = _database(workdir)
    try:
        question_id, load_seconds = _load(url)
        app = _app(url)
        with app.app_context():
            from app.core.db import db
            from app.core.themes.models import ThemeSuggestionRun
            from app.core.themes.services import request_run

            asked = time.perf_counter()
            run_row = request_run(db.session, "consultation", question_id)
            db.session.commit()
            run_id = run_row.id
            worker = subprocess.run(
                [sys.executable, __file__, "--child", url, str(run_id)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            ready = time.perf_counter() - asked
            figures = json.loads(worker.stdout.strip().splitlines()[-1])
            db.session.expire_all()
            stored = db.session.get(ThemeSuggestionRun, run_id)
            themes = [
                {"words": t.words[:6], "answers_at_30_percent": t.count_at(0.3)}
                for t in stored.themes
            ]
            answers_read = stored.answer_count
            db.session.remove()
            db.engine.dispose()
        return {
            "answers": ANSWERS,
            "answers_read": answers_read,
            "database": url.split(":", 1)[0],
            "load_seconds": round(load_seconds, 1),
            "status": figures["status"],
            "ready_seconds": round(ready, 1),
            "job_seconds": round(figures["job_seconds"], 1),
            "worker_peak_mb": round(figures["peak_kb"] / 1024),
            "worker_before_job_mb": round(figures["rss_before_kb"] / 1024),
            "themes": themes,
            "target_seconds": TARGET_SECONDS,
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "python": platform.python_version(),
        }
    finally:
        _drop_database(url)


def report(results: dict) -> None:
    print(f"Suggested themes for {results['answers']:,} answers ({results['database']})")
    print(f"  loaded in {results['load_seconds']} s; machine: {results['cpus']} cores, shared,")
    load = ", ".join(f"{x:.2f}" for x in results["load_average_at_start"])
    print(f"  load average at the start {load}")
    print(f"  run status: {results['status']}, answers read {results['answers_read']:,}")
    verdict = "within" if results["ready_seconds"] <= TARGET_SECONDS else "OVER"
    print(
        f"  ready {results['ready_seconds']} s after asking ({verdict} the {TARGET_SECONDS} s"
        f" target), of which the job {results['job_seconds']} s"
    )
    print(
        f"  worker peak memory {results['worker_peak_mb']} MB"
        f" ({results['worker_before_job_mb']} MB before the job: Python, the app, scikit-learn)"
    )
    for theme in results["themes"]:
        print(f"    {theme['answers_at_30_percent']:>7,}  {', '.join(theme['words'])}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
        sys.exit(0)
    sys.exit(
        run_within_budget(run, report, RESULTS, BUDGET_SECONDS, workdir_prefix="bench-themes-")
    )
