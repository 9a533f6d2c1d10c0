import pytest

from app.suppliers.choices import is_sme
from app.suppliers.identifiers import (
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1187654", "1187654"),
        ("218 186", "218186"),
        ("sc012345", "SC012345"),
        ("SC 012345", "SC012345"),
        ("nic101234", "NIC101234"),
        ("NIC 101 234", "NIC101234"),
    ],
)
def test_charity_numbers_in_each_regulators_format_are_written_one_way(typed, stored):
    assert normalise_charity_number(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "12345678", "SC12345", "SC1234567", "NI101234", "NIC12345", "CHARITY", ""]
)
def test_malformed_charity_numbers_are_refused(typed):
    assert normalise_charity_number(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("sc123456", "SC123456"),
        ("OC 301234", "OC301234"),
        ("NI012345", "NI012345"),
        ("LP001234", "LP001234"),
        ("CE000123", "CE000123"),
        ("R0000123", "R0000123"),
        ("ni-012345", "NI012345"),
    ],
)
def test_company_numbers_are_padded_and_upper_cased(typed, stored):
    assert normalise_company_number(typed) == stored


@pytest.mark.parametrize(
    "typed", ["123456789", "XX123456", "SC12345", "SC1234567", "R123456", "ABCDEFGH", "12-34"]
)
def test_malformed_company_numbers_are_refused(typed):
    assert normalise_company_number(typed) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ew1 2ab", "EW1 2AB"), ("SW1A1AA", "SW1A 1AA"), ("m1 1ae", "M1 1AE"), ("B338TH", "B33 8TH")],
)
def test_postcodes_are_tidied(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["EW1", "12345", "EW1 2A", "not a postcode", "EW1 2ABC"])
def test_malformed_postcodes_are_refused(typed):
    assert normalise_postcode(typed) is None


def test_sme_means_fewer_than_250_staff_and_small_turnover_or_balance_sheet():
    assert is_sme(4, "100k_to_1m", None)
    assert is_sme(249, "10m_to_44m", None)
    assert not is_sme(250, "under_100k", None)
    assert not is_sme(120, "over_44m", None)
    assert is_sme(120, "over_44m", "up_to_38m")
    assert not is_sme(120, "over_44m", "over_38m")
