"""The buyer's contracting authority type in the open data, as Find a Tender
publishes it: a classification of the buyer party in the UK extension's
UK_CA_TYPE scheme (parties[].details.classifications)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft4Validator

from app.plans.models import ProcurementSettings
from app.plans.ocds import AUTHORITY_TYPE_LABELS
from app.plans.pipeline import AUTHORITY_TYPES
from tests.plans.ocds_schemas import schema_dir
from tests.plans.test_exports import ocds_validator, validate
from tests.plans.test_ocds_history import record_validator

__all__ = ["ocds_validator", "record_validator"]


def buyer_party(release: dict) -> dict:
    [party] = [p for p in release["parties"] if "buyer" in p["roles"]]
    return party


def test_the_buyer_party_carries_the_authority_type_in_the_uk_ca_type_scheme(
    client, session, make_plan, ocds_validator, record_validator
):
    session.add(
        ProcurementSettings(
            ppon="PLLH-1887-BMRL", authority_type="publicAuthoritySubCentralGovernment"
        )
    )
    session.commit()
    make_plan()
    package = client.get("/plans.json").json
    validate(ocds_validator, package)
    validate(record_validator, client.get("/plans/records.json").json)
    party = buyer_party(package["releases"][0])
    assert party["id"] == "GB-PPON-PLLH-1887-BMRL"
    assert party["details"]["classifications"] == [
        {
            "scheme": "UK_CA_TYPE",
            "id": "publicAuthoritySubCentralGovernment",
            "description": "Public authority - sub-central government",
        }
    ]
    # Each entry is a well-formed OCDS Classification.
    schema = json.loads((schema_dir() / "release-schema.json").read_text())
    classification = {
        **schema["definitions"]["Classification"],
        "definitions": schema["definitions"],
    }
    for entry in party["details"]["classifications"]:
        assert list(Draft4Validator(classification).iter_errors(entry)) == []


@pytest.mark.parametrize("authority_type", [None, "somethingElse"])
def test_no_classification_without_a_known_authority_type(
    client, session, make_plan, authority_type
):
    session.add(ProcurementSettings(authority_type=authority_type))
    session.commit()
    make_plan()
    party = buyer_party(client.get("/plans.json").json["releases"][0])
    assert "details" not in party


def test_every_authority_type_staff_can_choose_has_its_find_a_tender_description():
    assert set(AUTHORITY_TYPES) == set(AUTHORITY_TYPE_LABELS)


def test_the_settings_column_holds_the_longest_authority_type_code():
    """PostgreSQL refuses a value longer than its column (SQLite does not):
    publicAuthoritySubCentralGovernment is 35 characters."""
    column = ProcurementSettings.__table__.c.authority_type
    assert column.type.length >= max(len(code) for code in AUTHORITY_TYPES)
