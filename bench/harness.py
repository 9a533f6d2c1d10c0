"""What the benchmarks share: a time budget that still cleans up after
itself, and a log of the SQL a page sends."""

from __future__ import annotations

import json
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def run_within_budget(
    run: Callable,
    report: Callable[[dict], None],
    results_path: Path,
    budget_seconds: int,
    *,
    workdir_prefix: str | None = None,
) -> int:
    """Run a benchmark, write its figures as JSON and print its report.

    Past `budget_seconds` SIGALRM aborts the run, and SIGTERM exits through
    the finally blocks too, so servers are stopped and databases dropped
    however it ends. With `workdir_prefix`, `run` gets a scratch folder."""

    def out_of_time(signum, frame):
        raise TimeoutError(f"the benchmark ran past its {budget_seconds} s budget")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.alarm(budget_seconds)
    workdir = Path(tempfile.mkdtemp(prefix=workdir_prefix)) if workdir_prefix else None
    try:
        results = run(workdir) if workdir else run()
    except Exception:
        traceback.print_exc()
        print("the benchmark failed to run", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    results_path.parent.mkdir(exist_ok=True)
    results_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    report(results)
    return 0


class QueryLog:
    """Every SQL statement the app sends, with its parameters and duration."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.queries: list[tuple[str, object, float]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        seconds = time.perf_counter() - conn.info.pop("bench_started")
        self.queries.append((statement, parameters, seconds))

    def take(self) -> list[tuple[str, object, float]]:
        taken, self.queries = self.queries, []
        return taken
