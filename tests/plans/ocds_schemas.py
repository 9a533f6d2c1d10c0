"""The OCDS 1.1.5 schemas with the declared extensions applied, all read from
files shipped with the tests (tests/data), so validation needs no network."""

from __future__ import annotations

import json
import os
from pathlib import Path

import json_merge_patch
import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource

SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
DATA = Path(__file__).parents[1] / "data"
EXTENSIONS_DIR = DATA / "ocds-extensions"

# Each declared extension.json URL and the folder holding its shipped copy.
_RAW = "https://raw.githubusercontent.com/"
SHIPPED_EXTENSIONS = {
    f"{_RAW}open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json": "lots",
    f"{_RAW}open-contracting-extensions/ocds_suitability_extension/master/extension.json": (
        "suitability"
    ),
    f"{_RAW}open-contracting-extensions/ocds_communication_extension/master/extension.json": (
        "communication"
    ),
    f"{_RAW}cabinetoffice/ocds_uk_extension/main/extension.json": "uk",
}


def schema_dir() -> Path:
    configured = os.environ.get("OCDS_SCHEMA_DIR")
    # The official schema ships with the tests (tests/data/ocds-1.1.5, under its
    # own licence), so a fresh clone with nothing beside it validates against it.
    folder = Path(configured) if configured else DATA / "ocds-1.1.5"
    if not (folder / "release-package-schema.json").exists():
        pytest.fail(f"OCDS schema not found in {folder}")
    return folder


def extended_release_schema(extensions: list[str]) -> dict:
    """The release schema with each extension's release-schema.json merged in
    (JSON Merge Patch, RFC 7396), in the order declared, as OCDS tools do."""
    schema = json.loads((schema_dir() / "release-schema.json").read_text())
    for url in extensions:
        folder = SHIPPED_EXTENSIONS.get(url)
        assert folder, f"declared extension not shipped in tests/data/ocds-extensions: {url}"
        patch = json.loads((EXTENSIONS_DIR / folder / "release-schema.json").read_text())
        schema = json_merge_patch.merge(schema, patch)
    return schema


def package_validator(package_schema: str, extensions: list[str]) -> Draft4Validator:
    """A validator for a release or record package (`package_schema`, a file
    name in the OCDS folder) whose releases are checked with `extensions`."""
    package = json.loads((schema_dir() / package_schema).read_text())
    release = extended_release_schema(extensions)
    registry = Registry().with_resource(SCHEMA_URL, Resource.from_contents(release))
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())
