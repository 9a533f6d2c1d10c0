"""Mutation testing (mutmut) of the modules that guard capacity, privacy,
statutory dates and service areas, each against its own tests only.

A line of code that can be changed without any of its tests failing is a
line the tests do not really check. `make mutation` runs this; give module
names (`scripts/mutation.py areas windows`) to run only some. Each module
runs on its own in mutants/<name>/, a scratch copy with a pyproject.toml
that tells mutmut which file to change and which tests to run, so one
module's score never borrows another's tests. mutmut stops each mutant at
its first failing test. To see what survived:
`cd mutants/<name> && mutmut results` then `mutmut show <mutant>`.

The score counts every mutant, so the mutants left alive below, which
behave exactly as the code does, keep a module under 100 %:
- identifiers: `value or ""` → `value or "XXXX"` (neither is a valid number
  or postcode); is_local's `split(" ", 1)` → `split(None, 1)`, `split(" ")`,
  `split(" ", 2)` or `rsplit(" ", 1)` (a tidied postcode has exactly one space).
- windows: `opens_on > today` → `>= today` (a window opening today is
  found open first).
- decisions: the text of each NotAllowed reason changed to "XX…XX" (8
  mutants). The reason is for developers and never shown to anyone; the
  tests check which decisions are refused, and match the reason's words.
- events: `.encode("ASCII")` and `strip("XX-XX")` in slugs (same codec, and
  no capital X is left after lower()); Event(status=…, places_taken=…)
  dropped (the columns' defaults give the same); the `plan_item_ids` default
  and `if plan_ids` (an empty list either way); `_replace_slots(None, …)`
  (it never uses the session); `token_urlsafe(24)` → other lengths;
  `contacts[:1]` → `[:2]`; BookingError's message (views read `.code`); in
  free_slots the event condition on taken bookings (a slot belongs to one
  event); in _still_booked `Booking.id != booking.id` (the booking is
  already cancelled); `order_by(Booking.id)` dropped in promote (SQLite
  returns rows in the order they were added); a lost slot set to "" before
  the relationship sets it to None. Row locking (`with_for_update`,
  `populate_existing`, `synchronize_session`) only shows under concurrent
  PostgreSQL sessions, which tests/events/test_concurrent_booking.py runs
  in CI (mutation runs use SQLite).
- areas: a default of `None` for `is_authenticated` or `is_active` in place of
  `False` (both are false).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")

MODULES = {
    "identifiers": (
        "app/suppliers/identifiers.py",
        ["tests/suppliers/test_identifiers.py", "tests/suppliers/test_local_suppliers.py"],
    ),
    "events": (
        "app/events/services.py",
        [
            "tests/events/test_booking.py",
            "tests/events/test_booking_emails.py",
            "tests/events/test_promotion_order.py",
            "tests/events/test_event_records.py",
            "tests/events/test_booking_records.py",
            "tests/events/test_audited_services.py",
        ],
    ),
    "windows": ("app/challenges/windows.py", ["tests/challenges/test_window_days.py"]),
    "decisions": (
        "app/challenges/decisions.py",
        [
            "tests/challenges/test_decisions.py",
            "tests/challenges/test_decision_trail.py",
            "tests/challenges/test_audited_services.py",
        ],
    ),
    "disclosure": (
        "app/surveys/disclosure.py",
        ["tests/surveys/test_results_public.py", "tests/surveys/test_disclosure.py"],
    ),
    "areas": ("app/accounts/areas.py", ["tests/accounts/test_areas.py"]),
}
# What the tests need beside app/ and tests/ (mutmut copies those itself).
NEEDED = ("app", "tests", "translations", "migrations")


def _config(module: str, tests: list[str]) -> str:
    selection = [path for path in tests if (ROOT / path).exists()]
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["app"]\n'
        f"only_mutate = {json.dumps([module])}\n"
        'also_copy = ["translations", "migrations"]\n'
        f"pytest_add_cli_args_test_selection = {json.dumps(selection)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not browser"]\n'
    )


def run(name: str, jobs: int) -> dict:
    module, tests = MODULES[name]
    work = ROOT / "mutants" / name
    # A fresh copy each time: mutmut keeps unchanged copies of app/ otherwise.
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for needed in NEEDED:
        (work / needed).symlink_to(ROOT / needed)
    pyproject = (ROOT / "pyproject.toml").read_text()
    (work / "pyproject.toml").write_text(pyproject + _config(module, tests))
    print(f"{module}: mutmut's output goes to mutants/{name}/mutmut.log", flush=True)
    started = time.monotonic()
    with (work / "mutmut.log").open("w") as log:
        subprocess.run(  # noqa: S603 (our own venv's mutmut)
            [str(MUTMUT), "run", "--max-children", str(jobs)],
            cwd=work,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    done = [str(MUTMUT), "export-cicd-stats"]
    subprocess.run(done, cwd=work, check=True, capture_output=True)  # noqa: S603
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
    stats["seconds"] = time.monotonic() - started
    stats["module"] = module
    return stats


def main(names: list[str]) -> int:
    jobs = int(os.environ.get("MUTATION_JOBS", "2"))
    results = [run(name, jobs) for name in names or MODULES]
    print(f"\n{'module':34} {'killed':>7} {'total':>6} {'score':>6}  survived  no tests  seconds")
    for r in results:
        # A timeout is a mutant the tests stopped (an endless loop), so it counts as caught.
        caught = r["killed"] + r["timeout"]
        score = 100 * caught / r["total"] if r["total"] else 100.0
        print(
            f"{r['module']:34} {caught:>7} {r['total']:>6} {score:>5.0f}%"
            f"  {r['survived']:>8}  {r['no_tests']:>8}  {r['seconds']:>7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
