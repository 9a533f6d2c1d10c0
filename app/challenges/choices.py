"""The fixed vocabularies of the right: who may lead, the statuses an
expression of interest moves through and the grounds for rejecting one."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

# Localism Act 2011 s.81(6): the relevant bodies that may lead. Only the
# first kind carries a not-for-profit test, and only as s.81(7)-(8) define it:
# a voluntary body does not trade for profit (a surplus spent on its work or
# invested in the community does not count); a community body works mainly
# for the community's benefit, as a community interest company does. A
# parish council or a group of employees is never asked about profit.
RELEVANT_BODY_TYPES = {
    "community": _l("Voluntary or community body"),
    "charity": _l("Body or trust set up for charitable purposes only"),
    "parish": _l("Parish council"),
    "employees": _l("Two or more employees of the council"),
}
RELEVANT_BODY_HINTS = {
    "community": _l(
        "Not run for profit (a surplus spent on its work or invested in the community does "
        "not count), or working mainly for the community’s benefit, such as a community "
        "interest company"
    ),
    "charity": _l("A registered charity, or a trust or group set up only for charitable purposes"),
    "parish": _l("A parish or town council"),
    "employees": _l("Two or more people employed by the council, whatever their group’s form"),
}
FOR_PROFIT = "company"
BODY_TYPES = {
    **RELEVANT_BODY_TYPES,
    FOR_PROFIT: _l("Another kind of body, such as a company run for profit"),
}
BODY_TYPE_CITATIONS = {
    "community": "Localism Act 2011 s.81(6)(a), (7), (8)",
    "charity": "Localism Act 2011 s.81(6)(b)",
    "parish": "Localism Act 2011 s.81(6)(c)",
    "employees": "Localism Act 2011 s.81(6)(d)",
    FOR_PROFIT: "Localism Act 2011 s.81(6)",
}


def is_relevant_body(body_type: str) -> bool:
    """Whether the kind of body the sender chose is one s.81(6) names.
    The form records the answer; deciding is the council's (s.83(11) ground 1)."""
    return body_type in RELEVANT_BODY_TYPES


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

# The only grounds on which the council may reject an expression of interest:
# made under Localism Act 2011 s.83(11) by SI 2012/1647 (the Community Right
# to Challenge (Fire and Rescue Authorities and Rejection of Expressions of
# Interest) (England) Regulations 2012), not by SI 2012/1313. A council's own
# reason to refuse is one of these, chosen in a decision, never the form.
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
REJECTION_GROUND_CITATIONS = {
    code: f"SI 2012/1647 Sch. para. {number}"
    for number, code in enumerate(REJECTION_GROUNDS, start=1)
}

# Services that are not "relevant services" at all (Localism Act 2011 s.81(5)):
# the Community Right to Challenge (Expressions of Interest and Excluded
# Services) (England) Regulations 2012, SI 2012/1313, reg.4(1) and Schedule 2.
# A fixed list: the council marks a service excluded only by choosing which of
# these applies to it. Only the paragraph still in force is offered.
STATUTORY_EXCLUSIONS = {
    "complex_needs": _l(
        "A service for named people with complex individual health or social care needs, "
        "integrated with NHS services for them"
    ),
}
# Exclusions that no longer have effect: SI 2012/1313 reg.4(2) says "Paragraphs
# 2 and 3 of Schedule 2 cease to have effect on 1st April 2014" (the NHS-related
# exclusions). Never offered for a service; kept so that a service recorded
# under one still reads, labelled as no longer in force, and is open to
# challenge. An integrated NHS service can still be refused case by case, on
# the rejection ground in SI 2012/1647 Sch. para.5 (REJECTION_GROUNDS["nhs"]).
SPENT_EXCLUSIONS = {
    "nhs_joint": _l("A service commissioned jointly with one or more NHS bodies"),
}
EXCLUSION_LABELS = {**STATUTORY_EXCLUSIONS, **SPENT_EXCLUSIONS}
EXCLUSION_CITATIONS = {
    "complex_needs": "SI 2012/1313 reg.4(1) and Sch.2 para.1",
    "nhs_joint": "SI 2012/1313 Sch.2 paras.2 and 3, no effect from 1 April 2014 (reg.4(2))",
}
# The day SI 2012/1313 reg.4(2) took the spent exclusions away.
SPENT_EXCLUSIONS_ENDED = date(2014, 4, 1)

# Where the procurement exercise that follows acceptance has got to
# (Localism Act 2011 s.83(8)).
PROCUREMENT_OUTCOMES = {
    "running": _l("Under way"),
    "awarded_body": _l("Contract awarded to the body that expressed interest"),
    "awarded_other": _l("Contract awarded to another provider"),
    "no_award": _l("Ended without a contract"),
}

# The council's published decision period for a service it has not listed
# (Localism Act 2011 s.84(4)): a listed service publishes its own.
DEFAULT_DECISION_PERIOD_DAYS = 90

# How long the council has to say when it will decide (Localism Act s.84(4)).
NOTIFY_WITHIN_DAYS = 30
