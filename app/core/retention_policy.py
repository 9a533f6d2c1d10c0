"""How long the portal keeps each kind of record, and what happens then.

Every kind has a default written here, with the reason for it. An
administrator can change how long (not what happens at the end: that is
what the retention run knows how to do safely while keeping the published
figures). Their choices live in `RetentionRule`; a kind without a row keeps
its default. The privacy notice reads the live policy, so a change shows
there at once: `set_periods` bumps the page cache's `CONTENT` version.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.audit import record
from app.core.models import RetentionRule
from app.core.page_cache import bump_version

# The page-cache content name of everything that shows the policy.
CONTENT = "retention_policy"

DELETE = "delete"
ANONYMISE = "anonymise"
UNITS = ("days", "months", "years")
# Longest period an administrator may set, in any unit: long enough for any
# statutory record, short enough to catch a slip of the keyboard.
MAX_AMOUNT = 999

_SESSION_KEY = "retention_policy"


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy string: the kind of record, as a plural noun phrase
    amount: int
    unit: str
    # How the period is counted, with %(period)s for the period.
    when: object
    action: str


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str

    def text(self) -> str:
        if self.unit == "days":
            return ngettext("%(num)d day", "%(num)d days", self.amount)
        if self.unit == "months":
            return ngettext("%(num)d month", "%(num)d months", self.amount)
        return ngettext("%(num)d year", "%(num)d years", self.amount)


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        # Long enough to answer a judicial review of the decision (which must be
        # brought within 3 months) and to look back when the service is next
        # recommissioned; the answers are kept without names for the figures.
        Kind(
            "consultation_responses",
            _l("Consultation responses"),
            2,
            "years",
            _l("%(period)s after the consultation closes"),
            ANONYMISE,
        ),
        # The same decision, so the same period; they hold no names to begin with.
        Kind(
            "young_peoples_responses",
            _l("Young people’s responses"),
            2,
            "years",
            _l("%(period)s after the consultation closes"),
            ANONYMISE,
        ),
        # Special category data, already kept apart from the response: by then
        # the equality analysis is in the decision report, so the answers go.
        Kind(
            "equality_monitoring",
            _l("Equality monitoring answers"),
            2,
            "years",
            _l("%(period)s after the consultation closes"),
            DELETE,
        ),
        # A record of a statutory decision (Localism Act 2011, Part 5): kept for
        # the 6-year limitation period; the contact person's details go then.
        Kind(
            "right_to_challenge",
            _l("Right to Challenge expressions of interest and decisions"),
            6,
            "years",
            _l("%(period)s after the decision"),
            ANONYMISE,
        ),
        # Only useful while the organisation still hears from us.
        Kind(
            "supplier_register",
            _l("Supplier register entries"),
            2,
            "years",
            _l("%(period)s after the organisation last used the register"),
            DELETE,
        ),
        # Who came is needed for follow-up and for planning the next event.
        Kind(
            "event_bookings",
            _l("Event bookings"),
            1,
            "years",
            _l("%(period)s after the event"),
            ANONYMISE,
        ),
        # May reveal health or religion, and only needed to run the day itself.
        Kind(
            "event_access_needs",
            _l("Access and dietary needs given with a booking"),
            30,
            "days",
            _l("%(period)s after the event"),
            DELETE,
        ),
        # Three waves, so each year's answers can be compared with the last two.
        Kind(
            "survey_responses",
            _l("Third-sector survey responses"),
            3,
            "years",
            _l("%(period)s after the survey closes"),
            ANONYMISE,
        ),
        # Copies of what people sent, and our replies: as long as the record they copy.
        Kind(
            "inbox_items",
            _l("Inbox items and our replies"),
            2,
            "years",
            _l("%(period)s after the item is closed"),
            ANONYMISE,
        ),
        # Long enough to resend or look into a failed email; the body repeats
        # what the record itself holds.
        Kind(
            "outbox_emails",
            _l("Emails we send"),
            90,
            "days",
            _l("%(period)s after the email is sent"),
            DELETE,
        ),
        # Shows who did what for the 6-year limitation period for claims.
        Kind(
            "audit_log",
            _l("Audit log entries"),
            6,
            "years",
            _l("%(period)s after the entry is made"),
            DELETE,
        ),
        # Kept a year so the audit log can still say who did what; the name
        # and email go then, leaving "a former member of staff".
        Kind(
            "staff_accounts",
            _l("Staff accounts"),
            1,
            "years",
            _l("%(period)s after the account is deactivated"),
            ANONYMISE,
        ),
    )
}

UNIT_LABELS = {
    "days": _l("days"),
    "months": _l("months"),
    "years": _l("years"),
}
# Said after "then": "kept 2 years after the event, then deleted".
ACTION_LABELS = {
    DELETE: _l("deleted"),
    ANONYMISE: _l("anonymised"),
}


def policy(session: Session) -> dict[str, Period]:
    """Every kind's period, read once per session (one query, however many
    times a page asks)."""
    known = session.info.get(_SESSION_KEY)
    if known is None:
        chosen = {
            rule.kind: Period(rule.amount, rule.unit)
            for rule in session.scalars(select(RetentionRule))
            if rule.kind in KINDS and rule.unit in UNITS
        }
        known = {
            code: chosen.get(code, Period(kind.amount, kind.unit)) for code, kind in KINDS.items()
        }
        session.info[_SESSION_KEY] = known
    return known


def period(session: Session, kind: str) -> Period:
    return policy(session)[kind]


def describe(session: Session, kind: str) -> str:
    """How long, in words: "2 years after the consultation closes"."""
    return _(str(KINDS[kind].when), period=period(session, kind).text())


def set_periods(session: Session, periods: dict[str, Period], *, reason: str) -> dict:
    """Change how long kinds are kept, audited with the reason; the caller commits.

    Returns what changed (nothing if every period is as it was)."""
    current = policy(session)
    changes = {}
    for code, new in periods.items():
        if code not in KINDS:
            raise ValueError(f"unknown kind of record: {code}")
        if new.unit not in UNITS or not 1 <= new.amount <= MAX_AMOUNT:
            raise ValueError(f"not a period: {new}")
        old = current[code]
        if new == old:
            continue
        rule = session.get(RetentionRule, code)
        if rule is None:
            session.add(RetentionRule(kind=code, amount=new.amount, unit=new.unit))
        else:
            rule.amount, rule.unit = new.amount, new.unit
        changes[code] = {
            "before": f"{old.amount} {old.unit}",
            "after": f"{new.amount} {new.unit}",
        }
    if changes:
        session.info.pop(_SESSION_KEY, None)
        bump_version(session, CONTENT)
        record(
            session,
            "retention.update",
            object_type="retention_policy",
            object_ref="retention policy",
            summary="Changed how long records are kept: " + ", ".join(sorted(changes)),
            details={"reason": reason, "changes": changes},
        )
    return changes
