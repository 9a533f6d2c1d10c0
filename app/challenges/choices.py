"""The fixed vocabularies of the right: who may lead, the statuses an
expression of interest moves through and the grounds for rejecting one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Localism Act 2011 s.81(6): the relevant bodies that may lead.
RELEVANT_BODY_TYPES = {
    "community": _l("Voluntary or community body"),
    "charity": _l("Body or trust set up for charitable purposes only"),
    "parish": _l("Parish council"),
    "employees": _l("Two or more employees of the council"),
}
FOR_PROFIT = "company"
BODY_TYPES = {
    **RELEVANT_BODY_TYPES,
    FOR_PROFIT: _l("A company or other business run for profit"),
}

PARTNER_ROLES = {
    "consortium": _l("Consortium member"),
    "subcontractor": _l("Subcontractor"),
}

STATUSES = (
    ("received", _l("Received")),
    ("decision_date_notified", _l("Decision date notified")),
    ("under_consideration", _l("Under consideration")),
    ("modification_proposed", _l("Modification proposed")),
    ("accepted", _l("Accepted")),
    ("accepted_with_modifications", _l("Accepted with modifications")),
    ("rejected", _l("Rejected")),
    ("withdrawn", _l("Withdrawn")),
)
STATUS_LABELS = dict(STATUSES)
# Set only through the decision pages, which ask for what the law requires.
RESERVED = frozenset(
    {
        "decision_date_notified",
        "modification_proposed",
        "accepted",
        "accepted_with_modifications",
        "rejected",
        "withdrawn",
    }
)
DECIDED = {"accepted", "accepted_with_modifications", "rejected", "withdrawn"}
STATUS_TAGS = {
    "received": "govuk-tag--blue",
    "decision_date_notified": "govuk-tag--light-blue",
    "under_consideration": "govuk-tag--yellow",
    "modification_proposed": "govuk-tag--orange",
    "accepted": "govuk-tag--green",
    "accepted_with_modifications": "govuk-tag--turquoise",
    "rejected": "govuk-tag--red",
    "withdrawn": "govuk-tag--grey",
}

# SI 2012/1313 regulation 8 and Schedule 2: the only grounds for rejection.
REJECTION_GROUNDS = {
    "non_compliant": _l("It does not comply with the Act or the regulations"),
    "inadequate": _l("Information in it is inadequate or inaccurate in a material particular"),
    "unsuitable": _l("The body, a consortium member or a subcontractor is not suitable"),
    "stopping": _l("The council has decided in writing to stop providing the service"),
    "nhs": _l(
        "The service is integrated with NHS services and the integration is critical "
        "to users’ well-being"
    ),
    "procurement": _l("The service is already the subject of a procurement exercise"),
    "negotiations": _l("The council is in written negotiations with a third party"),
    "employee_led": _l(
        "The council has published its intention to consider the service being "
        "provided by an employee-led body"
    ),
    "frivolous": _l("It is frivolous or vexatious"),
    "unlawful": _l("Accepting it would be likely to break the law or a statutory duty"),
}

# How long the council has to say when it will decide (Localism Act s.84(4)).
NOTIFY_WITHIN_DAYS = 30
