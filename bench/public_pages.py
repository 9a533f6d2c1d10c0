"""Benchmark: every public page and form, each against a bare Flask page of
its own size, in the same run.

1. A fresh database (a SQLite file, or with BENCH_DATABASE_URL a PostgreSQL
   database ``bench_public``, created and dropped here), ``flask db upgrade``
   and ``flask demo-data``.
2. Three servers, each ``gunicorn --workers 2 --worker-class sync`` on
   loopback: the portal as deployed (page cache on), the portal with
   ``PAGE_CACHE_ENABLED=0`` and ``bench/bare_sized_app.py``.
3. For each page: its size, then a warm-up and BENCH_ROUNDS rounds of
   BENCH_SECONDS on each side, the bare twin (``/sized/<bytes>``) and the
   portal measured seconds apart, which goes first alternating.
   Forms are requested as a first-time visitor would: no cookie, so every
   request makes a session and a CSRF token (and is never served from the
   page cache). Public pages are measured with the cache on (target 0.5) and
   off (what the first reader after a change pays).
4. Prints req/s, p50/p99 and the ratio portal/bare (median of the rounds'
   ratios) per page, with the load average; writes bench/results/public_pages.json.

Targets (issue 20): every public form page at least 0.15 of its bare twin;
public pages with the cache on at least 0.5. ``BELOW TARGET`` is printed but
does not fail the command.
"""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "public_pages.json"
sys.path.insert(0, str(REPO))

import plans_list  # noqa: E402
from harness import run_within_budget  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 2))
WARMUP_SECONDS = 1
BUDGET_SECONDS = int(os.environ.get("BENCH_BUDGET_SECONDS", 600))
FORM_TARGET = 0.15
CACHED_TARGET = 0.5
plans_list.PG_BENCH_DATABASE = "bench_public"
plans_list.ROUNDS, plans_list.SECONDS = ROUNDS, SECONDS

CONSULTATION = "youth-club-evenings-and-weekends"
EVENT = "meet-the-buyer-community-libraries"

# (label, path, kind): kind "form" carries a CSRF token; "page" is cacheable.
PAGES = [
    ("home", "/", "page"),
    ("plan list", "/plans/", "page"),
    ("plan list, filtered, page 2", "/plans/?stage=plan&page=2", "page"),
    ("consultation list", "/consultations/", "page"),
    ("a consultation", f"/consultations/{CONSULTATION}", "page"),
    ("event list", "/events/", "page"),
    ("an event", f"/events/{EVENT}", "page"),
    ("consultation response form", f"/consultations/{CONSULTATION}/respond", "form"),
    ("young people's response form", f"/consultations/{CONSULTATION}/young-people", "form"),
    ("supplier registration form", "/suppliers/register", "form"),
    ("supplier sign-in form", "/suppliers/sign-in", "form"),
    ("Right to Challenge application", "/right-to-challenge/apply", "form"),
    ("track a submission", "/track", "form"),
    ("staff sign-in form", "/staff/sign-in", "form"),
]


def demo_data(env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "demo-data"],
        cwd=REPO,
        env=env,
        timeout=300,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"flask demo-data failed:\n{done.stdout}{done.stderr}")


def page_size(base: str, path: str) -> tuple[int, bool]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return len(body), b'name="csrf_token"' in body


class _Client:
    """One page's load generator (wrk when installed), one script per page."""

    def __init__(self, path: str, workdir: Path, number: int):
        self.generator = plans_list.load_generator([path], workdir)
        if isinstance(self.generator, plans_list.Wrk):
            script = workdir / f"page-{number}.lua"
            self.generator.script.rename(script)
            self.generator.script = script

    def run(self, base: str, seconds: int) -> dict:
        return self.generator.run(base, seconds)


def measure_pair(portal_client, bare_client, portal_base, bare_base) -> dict:
    portal_client.run(portal_base, WARMUP_SECONDS)
    bare_client.run(bare_base, WARMUP_SECONDS)
    portal_rounds, bare_rounds = [], []
    for number in range(ROUNDS):
        pair = [("portal", portal_client, portal_base), ("bare", bare_client, bare_base)]
        if number % 2:
            pair.reverse()
        for side, client, base in pair:
            figures = client.run(base, SECONDS)
            (portal_rounds if side == "portal" else bare_rounds).append(figures)
    ratios = [p["rps"] / b["rps"] for p, b in zip(portal_rounds, bare_rounds, strict=True)]
    return {
        "portal": plans_list.summarise(portal_rounds),
        "bare": plans_list.summarise(bare_rounds),
        "ratio": statistics.median(ratios),
        "round_ratios": ratios,
    }


def run(workdir: Path) -> dict:
    secret = secrets.token_urlsafe(32)
    loadavg_before = " ".join(f"{value:.2f}" for value in os.getloadavg())
    servers: dict[str, plans_list.Server] = {}
    rows = []
    with plans_list.bench_database(workdir) as (database_url, database_label):
        try:
            env = plans_list.portal_env(database_url, secret)
            print(f"database: {database_label}; migrating and loading the demo council...")
            plans_list.migrate(env)
            demo_data(env)
            for name, cache in (("cache_on", "1"), ("cache_off", "0")):
                servers[name] = plans_list.Server(
                    f"portal ({name})",
                    "wsgi:app",
                    REPO,
                    plans_list.portal_env(database_url, secret, PAGE_CACHE_ENABLED=cache),
                    "/healthz",
                    workdir / f"{name}.log",
                )
            servers["bare"] = plans_list.Server(
                "bare",
                "bare_sized_app:app",
                BENCH_DIR,
                dict(os.environ),
                "/sized/30000",
                workdir / "bare.log",
            )
            client_name = None
            for number, (label, path, kind) in enumerate(PAGES):
                size, has_token = page_size(servers["cache_on"].base, path)
                if kind == "form" and not has_token:
                    raise RuntimeError(f"{path} carries no CSRF token: not the form expected")
                bare_path = f"/sized/{size}"
                if page_size(servers["bare"].base, bare_path)[0] != size:
                    raise RuntimeError(f"the bare twin of {path} is not {size} bytes")
                portal_client = _Client(path, workdir, number * 2)
                bare_client = _Client(bare_path, workdir, number * 2 + 1)
                client_name = portal_client.generator.name
                sides = ["cache_on", "cache_off"] if kind == "page" else ["cache_on"]
                for side in sides:
                    figures = measure_pair(
                        portal_client,
                        bare_client,
                        servers[side].base,
                        servers["bare"].base,
                    )
                    row = {
                        "label": label,
                        "path": path,
                        "kind": kind,
                        "cache": "on" if side == "cache_on" else "off",
                        "bytes": size,
                        **figures,
                    }
                    rows.append(row)
                    print(
                        f"  {label:<32} cache {row['cache']:<3} portal "
                        f"{figures['portal']['rps']:7.1f} req/s  bare "
                        f"{figures['bare']['rps']:7.1f}  ratio {figures['ratio']:.2f}",
                        flush=True,
                    )
        finally:
            for server in servers.values():
                server.stop()
    return {
        "database": database_label,
        "load_generator": client_name,
        "connections": plans_list.CONNECTIONS,
        "rounds": ROUNDS,
        "seconds_per_round": SECONDS,
        "gunicorn_workers": plans_list.WORKERS,
        "machine": {
            "nproc": os.cpu_count(),
            "loadavg_before": loadavg_before,
            "loadavg_after": " ".join(f"{value:.2f}" for value in os.getloadavg()),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "pages": rows,
    }


def verdict(row: dict) -> tuple[float | None, str]:
    if row["kind"] == "form":
        target = FORM_TARGET
    elif row["cache"] == "on":
        target = CACHED_TARGET
    else:
        return None, "(information)"
    return target, "ok" if row["ratio"] >= target else "BELOW TARGET"


def report(results: dict) -> None:
    machine = results["machine"]
    print()
    print("Open Commissioning Portal: public pages and forms against bare Flask twins")
    print(
        f"database: {results['database']}   load: {results['load_generator']}, "
        f"{results['connections']} connections, {results['rounds']} rounds x "
        f"{results['seconds_per_round']} s; gunicorn {results['gunicorn_workers']} sync workers"
    )
    print(
        f"machine: {machine['nproc']} cores, load average {machine['loadavg_before']} before, "
        f"{machine['loadavg_after']} after (shared machine)"
    )
    header = (
        f"{'page':<32}{'cache':>6}{'bytes':>8}{'portal':>9}{'bare':>9}{'ratio':>7}"
        f"{'p50 ms':>8}  target"
    )
    print(header)
    print("-" * (len(header) + 14))
    for row in results["pages"]:
        target, outcome = verdict(row)
        target_text = f"{target:.2f} {outcome}" if target else outcome
        p50 = row["portal"]["p50_ms"]
        print(
            f"{row['label']:<32}{row['cache']:>6}{row['bytes']:>8,}"
            f"{row['portal']['rps']:>9.1f}{row['bare']['rps']:>9.1f}{row['ratio']:>7.2f}"
            f"{(p50 or 0):>8.1f}  {target_text}"
        )
    errors = sum(row["portal"]["errors"] + row["bare"]["errors"] for row in results["pages"])
    if errors:
        print(f"WARNING: {errors} failed requests")
    print(f"\nfigures written to {RESULTS.relative_to(REPO)}")


def main() -> int:
    return run_within_budget(
        run, report, RESULTS, BUDGET_SECONDS, workdir_prefix="bench-public-pages-"
    )


if __name__ == "__main__":
    sys.exit(main())
