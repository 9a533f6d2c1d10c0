"""The demo council's words and figures, kept as YAML beside the code that
loads them, so changing the demo is editing text, not Python."""

from __future__ import annotations

import copy
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


def read(name: str) -> Any:
    """A fresh copy each time, so a loader that changes what it was given
    cannot change what the next one reads."""
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> Any:
    return yaml.safe_load(files("app.demo").joinpath("content", f"{name}.yaml").read_text("utf-8"))
