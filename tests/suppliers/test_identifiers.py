"""Charity, company and mutual society numbers: each format rule, its
boundaries, all-zero numbers and numbers typed in the other box."""

import pytest

from app.suppliers.choices import is_sme
from app.suppliers.identifiers import (
    ALL_ZERO,
    BELONGS_IN_CHARITY_BOX,
    BELONGS_IN_COMPANY_BOX,
    COMPANY_PREFIXES,
    FORMAT,
    check_charity_number,
    check_company_number,
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
    ("typed", "stored"),
    [
        ("1234567-1", "1234567-1"),
        ("1234567 - 12", "1234567-12"),
        ("1234567/3", "1234567-3"),
        ("218186-1", "218186-1"),
    ],
)
def test_a_linked_charity_keeps_its_own_number_after_a_hyphen(typed, stored):
    assert normalise_charity_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",  # England and Wales: one digit short of six
        "1234567-123",  # linked numbers have at most two digits
        "12345-1",  # the main number is still six or seven digits
        "SC12345",  # Scotland: SC0 and five digits
        "SC01234",
        "SC0123456",
        "NIC12345",  # Northern Ireland: NIC and six digits
        "NIC1234567",
        "CHARITY",
        "",
    ],
)
def test_charity_numbers_of_the_wrong_shape_are_refused(typed):
    assert check_charity_number(typed).problem == FORMAT


@pytest.mark.parametrize("typed", ["000000", "0000000", "0000000-1", "SC000000", "NIC000000"])
def test_an_all_zero_charity_number_is_refused(typed):
    assert check_charity_number(typed).problem == ALL_ZERO


@pytest.mark.parametrize(
    "typed", ["01234567", "12345678", "SC123456", "OC301234", "NI101234", "12345R", "IP12345R"]
)
def test_a_company_or_mutuals_number_in_the_charity_box_is_named_as_such(typed):
    assert check_charity_number(typed).problem == BELONGS_IN_COMPANY_BOX


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("sc123456", "SC123456"),
        ("SC012345", "SC012345"),  # an old Scottish company, same shape as an OSCR number
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


@pytest.mark.parametrize("prefix", COMPANY_PREFIXES)
def test_every_companies_house_prefix_takes_six_digits(prefix):
    assert normalise_company_number(f"{prefix.lower()}123456") == f"{prefix}123456"
    assert normalise_company_number(f"{prefix}12345") is None
    assert normalise_company_number(f"{prefix}1234567") is None


def test_the_prefixes_include_those_in_use():
    for prefix in ("FC", "BR", "RC", "IP", "SP", "NP", "SE", "GE", "ZC", "IC", "OC", "SO", "NC"):
        assert prefix in COMPANY_PREFIXES
    for prefix in ("NI", "SC", "LP", "SL", "NL", "GS", "ES", "SA", "SR", "NA", "NZ", "NO"):
        assert prefix in COMPANY_PREFIXES
    for prefix in ("CE", "CS", "PC", "OE", "AC", "SZ", "SF", "SG", "NF", "GN", "EN"):
        assert prefix in COMPANY_PREFIXES


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("IP12345R", "IP12345R"),  # a registered society on the Companies House register
        ("sp02581r", "SP02581R"),
        ("12345R", "12345R"),  # FCA mutuals register: digits and the kind of society
        ("525 R", "525R"),
        ("2581RS", "2581RS"),  # a Scottish registered society
        ("00525R", "525R"),  # leading zeros are not part of the number
        ("123456R", "123456R"),
        ("1C", "1C"),
    ],
)
def test_mutual_society_numbers_are_taken_in_the_company_box(typed, stored):
    assert normalise_company_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "123456789",  # nine digits
        "123456",  # six digits is a charity number (see below), never a company one
        "XX123456",  # no such prefix
        "SC12345",
        "SC1234567",
        "R123456",  # old Northern Ireland: R and seven digits
        "R12345678",
        "ABCDEFGH",
        "12-34",
        "1234567R",  # mutuals numbers have at most six digits
        "12345X",  # no such kind of society
        "IP1234R",
    ],
)
def test_malformed_company_numbers_are_refused(typed):
    assert normalise_company_number(typed) is None


@pytest.mark.parametrize(
    "typed", ["00000000", "0000000", "SC000000", "OC000000", "R0000000", "IP00000R", "0R", "000R"]
)
def test_an_all_zero_company_number_is_refused(typed):
    assert check_company_number(typed).problem == ALL_ZERO


@pytest.mark.parametrize("typed", ["218186", "1234567-1", "NIC101234", "nic 101 234"])
def test_a_charity_number_in_the_company_box_is_named_as_such(typed):
    assert check_company_number(typed).problem == BELONGS_IN_CHARITY_BOX


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
