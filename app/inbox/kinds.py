"""The kinds of submission the inbox takes, each with its reference prefix,
and the statuses an item moves through."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    code: str
    prefix: str
    label: object


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("consultation_response", "CON", _l("Consultation response")),
        Kind("young_people_response", "CYP", _l("Young people’s response")),
        Kind("challenge", "RTC", _l("Right to Challenge expression of interest")),
        Kind("supplier_registration", "SUP", _l("Supplier registration")),
        Kind("event_booking", "EVT", _l("Event booking")),
        Kind("survey_response", "SRV", _l("Survey response")),
    )
}

STATUSES = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting for the submitter"),
    "closed": _l("Closed"),
}

STATUS_TAGS = {
    "new": "govuk-tag--blue",
    "in_progress": "govuk-tag--yellow",
    "waiting": "govuk-tag--grey",
    "closed": "govuk-tag--green",
}
