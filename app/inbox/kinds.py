"""The kinds of submission the inbox takes, each with its reference prefix,
and the statuses an item moves through.

A capability takes over its kind with `register_kind`, giving the partial
template that shows its submissions and any statuses of its own (a Right to
Challenge decision, say), so adding a kind touches only that capability.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    code: str
    prefix: str
    label: object
    # A template included on the item page to show the submission; None shows its text.
    template: str | None = None
    # Statuses of this kind's own, as (code, label) pairs, between "waiting" and "closed".
    statuses: tuple[tuple[str, object], ...] = field(default_factory=tuple)
    # Statuses only the capability's own workflow sets (a statutory decision
    # needs its grounds and reasons), never the inbox's status form or bulk action.
    reserved: frozenset[str] = frozenset()


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


# Statuses that end an item's work: closed, a decided or withdrawn challenge,
# a cancelled booking. An item in one is not "open", is never overdue and
# never appears in a reminder.
FINISHED_STATUSES = frozenset(
    {"closed", "accepted", "accepted_with_modifications", "rejected", "withdrawn", "cancelled"}
)

# Kinds whose due dates the law sets (the Right to Challenge decision, a
# subject access request's month): listed first wherever work is listed.
STATUTORY_KINDS = frozenset({"challenge", "subject_access_request"})


def register_kind(kind: Kind) -> None:
    """Let a capability describe its own kind of submission."""
    from app.core.references import PREFIXES

    if kind.prefix not in PREFIXES:
        raise ValueError(f"{kind.prefix!r} is not a reference prefix")
    clash = [k for k in KINDS.values() if k.prefix == kind.prefix and k.code != kind.code]
    if clash:
        raise ValueError(f"{kind.prefix!r} already belongs to {clash[0].code}")
    KINDS[kind.code] = kind


def statuses_for(kind_code: str) -> dict:
    """The statuses an item of this kind can have, in the order they come."""
    kind = KINDS.get(kind_code)
    extra = dict(kind.statuses) if kind else {}
    generic = [(code, label) for code, label in STATUSES.items() if code != "closed"]
    return {**dict(generic), **extra, "closed": STATUSES["closed"]}


def settable_statuses(kind_code: str) -> dict:
    """The statuses staff may choose for an item of this kind in the inbox itself."""
    kind = KINDS.get(kind_code)
    reserved = kind.reserved if kind else frozenset()
    return {code: label for code, label in statuses_for(kind_code).items() if code not in reserved}


def all_statuses() -> dict:
    """Every status any kind uses, for filters, labels and exports."""
    statuses = {code: label for code, label in STATUSES.items() if code != "closed"}
    for kind in KINDS.values():
        statuses.update(kind.statuses)
    statuses["closed"] = STATUSES["closed"]
    return statuses


def bulk_statuses(kind_codes) -> dict[str, list[str]]:
    """For the bulk "Change status to" list: each status at least one of these
    kinds can be given in the inbox, in the inbox's order, with the kinds that
    can take it. Statuses only a capability's own workflow sets are never
    offered."""
    offered: dict[str, list[str]] = {}
    for code in all_statuses():
        kinds = [kind for kind in sorted(kind_codes) if code in settable_statuses(kind)]
        if kinds:
            offered[code] = kinds
    return offered
