"""Which suppliers count as local: those whose postcode lies in one of the
council's postcode districts (the outward code, before the space)."""

from __future__ import annotations

import pytest

from app.suppliers.identifiers import DEFAULT_LOCAL_DISTRICTS, is_local


@pytest.mark.parametrize("postcode", ["EW1 2AB", "EW3 4HQ", "EW9 9ZZ"])
def test_a_supplier_in_one_of_the_councils_districts_is_local(app_ctx, postcode):
    assert is_local(postcode)


@pytest.mark.parametrize("postcode", ["EW10 1AA", "SW1A 1AA", "E1 6AN", "W1 1AA"])
def test_a_district_that_only_starts_like_a_local_one_is_not_local(app_ctx, postcode):
    assert not is_local(postcode)


@pytest.mark.parametrize("postcode", [None, ""])
def test_a_supplier_without_a_postcode_is_not_local(app_ctx, postcode):
    assert is_local(postcode) is False


def test_without_its_own_list_the_council_uses_the_elmsworth_districts(app_ctx):
    assert "SUPPLIER_LOCAL_POSTCODE_DISTRICTS" not in app_ctx.config
    assert DEFAULT_LOCAL_DISTRICTS[0] == "EW1"
    assert is_local("EW5 1AA")


def test_a_council_can_name_its_own_local_districts(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "SUPPLIER_LOCAL_POSTCODE_DISTRICTS", ["M1", "M2"])
    assert is_local("M1 1AE")
    assert not is_local("EW1 2AB")
