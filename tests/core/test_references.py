from datetime import UTC, datetime

import pytest

from app.core.references import REFERENCE_PATTERN, new_reference, normalise_reference


def test_references_carry_kind_and_year_and_are_not_sequential():
    when = datetime(2026, 11, 23, tzinfo=UTC)
    references = {new_reference("RTC", when) for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert REFERENCE_PATTERN.match(reference)
        assert reference.startswith("RTC-2026-")
        assert not set(reference[9:]) & set("01ILO")


def test_unknown_prefixes_are_refused():
    with pytest.raises(ValueError, match="prefix"):
        new_reference("XYZ", datetime(2026, 1, 1, tzinfo=UTC))


def test_references_typed_by_people_are_understood():
    assert normalise_reference(" rtc-2026-7k3qx9 ") == "RTC-2026-7K3QX9"
    assert normalise_reference("RTC-2026-7K3QX") is None
    assert normalise_reference("'; DROP TABLE") is None
