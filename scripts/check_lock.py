"""Check that requirements.lock still matches pyproject.toml, without the network.

Production installs with `pip install --require-hashes -r requirements.lock`,
so a dependency added to pyproject.toml but not to the lock would be missing
there, and one whose range changed could be installed at a version the code
no longer supports. This compares the two files only: it never asks PyPI
what is newest, so CI does not fail because someone released something.

Every dependency in [project] dependencies must be pinned with == at a
version its specifier allows and carry sha256 hashes; every pinned package
must carry hashes; and nothing may be pinned as pyproject's own requirement
that pyproject no longer lists (uv marks those "via ... (pyproject.toml)").

Run `make lock` to regenerate the lock, `make check-lock` to run this.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
# The lock is compiled for this interpreter and platform (see `make lock`).
TARGET = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


class LockError(ValueError):
    """The lock is not a plain list of == pins."""


@dataclass
class Pin:
    version: Version
    hashes: int = 0
    via: list[str] = field(default_factory=list)


def read_lock(text: str) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in text.splitlines():
        stripped = line.strip()
        match = _PIN.match(line)
        if match:
            name = canonicalize_name(match.group(1))
            if name in pins:
                raise LockError(f"{name} is pinned twice")
            current = pins[name] = Pin(Version(match.group(3)))
            in_via = False
        elif current is not None and stripped.startswith("--hash="):
            current.hashes += len(_HASH.findall(stripped))
        elif current is not None and stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                current.via.append(rest)
        elif current is not None and in_via and stripped.startswith("#"):
            current.via.append(stripped.lstrip("#").strip())
        elif stripped and not stripped.startswith("#") and not line.startswith(" "):
            raise LockError(f"this line is not an == pin: {line!r}")
    return pins


def project_requirements(pyproject: dict) -> list[Requirement]:
    environment = {**default_environment(), **TARGET}
    wanted = []
    for spec in pyproject["project"]["dependencies"]:
        requirement = Requirement(spec)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            wanted.append(requirement)
    return wanted


def problems(pyproject: dict, lock_text: str) -> list[str]:
    try:
        pins = read_lock(lock_text)
    except LockError as error:
        return [str(error)]
    project = canonicalize_name(pyproject["project"]["name"])
    found = []
    listed = set()
    for requirement in project_requirements(pyproject):
        name = canonicalize_name(requirement.name)
        listed.add(name)
        pin = pins.get(name)
        if pin is None:
            found.append(f"{requirement} is in pyproject.toml but not pinned in the lock")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            found.append(f"{name}=={pin.version} in the lock is outside {requirement}")
    for name, pin in sorted(pins.items()):
        if not pin.hashes:
            found.append(f"{name}=={pin.version} has no --hash=sha256: entries")
        top_level = any(via.startswith(f"{project} (pyproject.toml)") for via in pin.via)
        if top_level and name not in listed:
            found.append(f"{name} is pinned for pyproject.toml, which no longer lists it")
    return found


def main() -> int:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lock = ROOT / "requirements.lock"
    if not lock.exists():
        print("requirements.lock is missing: run `make lock`", file=sys.stderr)
        return 1
    found = problems(pyproject, lock.read_text())
    for problem in found:
        print(f"requirements.lock: {problem}", file=sys.stderr)
    if found:
        print("Run `make lock` and commit requirements.lock.", file=sys.stderr)
        return 1
    print("requirements.lock matches pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
