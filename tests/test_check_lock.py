"""scripts/check_lock.py: production installs from requirements.lock with
--require-hashes, so the lock must pin, with hashes, what pyproject.toml asks
for, and CI must notice when the two drift apart."""

from __future__ import annotations

import copy
import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
check_lock = importlib.util.module_from_spec(_spec)
sys.modules["check_lock"] = check_lock  # dataclasses look their module up there
_spec.loader.exec_module(check_lock)


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def lock() -> str:
    return (ROOT / "requirements.lock").read_text()


def _without_pin(lock: str, name: str) -> str:
    """The lock with one package's block (pin, hashes, via lines) taken out."""
    return re.sub(rf"(?ms)^{name}==.*?(?=^\S)", "", lock, count=1)


def test_the_committed_lock_matches_pyproject(pyproject, lock):
    assert check_lock.problems(pyproject, lock) == []


def test_the_command_says_so(pyproject):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_lock.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "matches" in done.stdout


def test_a_dependency_missing_from_the_lock_is_reported(pyproject, lock):
    assert "feedgen==" in lock
    found = check_lock.problems(pyproject, _without_pin(lock, "feedgen"))
    assert found == ["feedgen<2,>=1.0 is in pyproject.toml but not pinned in the lock"]


def test_a_pin_outside_the_range_pyproject_allows_is_reported(pyproject, lock):
    changed = copy.deepcopy(pyproject)
    deps = changed["project"]["dependencies"]
    deps[:] = ["Flask>=3.2,<3.3" if d.startswith("Flask>=") else d for d in deps]
    (problem,) = check_lock.problems(changed, lock)
    assert problem.startswith("flask==3.1.")
    assert "outside" in problem


def test_a_pin_without_hashes_is_reported(pyproject, lock):
    pinned = re.search(r"(?m)^bleach==(\S+)", lock).group(1)
    unhashed = re.sub(r"(?m)^(bleach==\S+) \\\n(\s+--hash=.*\n)+", r"\1\n", lock)
    assert check_lock.problems(pyproject, unhashed) == [
        f"bleach=={pinned} has no --hash=sha256: entries"
    ]


def test_a_pin_pyproject_no_longer_asks_for_is_reported(pyproject, lock):
    changed = copy.deepcopy(pyproject)
    deps = changed["project"]["dependencies"]
    deps[:] = [d for d in deps if not d.startswith("feedgen")]
    assert check_lock.problems(changed, lock) == [
        "feedgen is pinned for pyproject.toml, which no longer lists it"
    ]


def test_a_line_that_is_not_a_pin_is_reported(pyproject, lock):
    assert check_lock.problems(pyproject, lock + "requests>=2\n") == [
        "this line is not an == pin: 'requests>=2'"
    ]
