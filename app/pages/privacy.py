"""What the privacy notice says about each kind of submission.

Each section has a stable id that the forms link to at the point of asking
(`SECTION_IDS`); how long each is kept is read from the live retention
policy, so the notice cannot drift from what the portal does.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from app.core.retention_policy import ACTION_LABELS, KINDS, describe

PUBLIC_TASK = _l(
    "Public task (UK GDPR Article 6(1)(e)): the council needs it to carry out its work"
    " as a local authority."
)


@dataclass(frozen=True)
class Section:
    id: str
    heading: object
    collected: object
    purpose: object
    lawful_basis: tuple
    recipients: object
    kept: tuple  # retention kinds shown in this section


SECTIONS = (
    Section(
        "consultation-responses",
        _l("Consultation responses"),
        _l(
            "Your answers, whether you answer as yourself or for an organisation, and,"
            " if you choose to give them, your name, your organisation’s name and your"
            " email address."
        ),
        _l(
            "To understand what people think of a proposal before the council decides, and to"
            " send you your reference if you give an email address."
        ),
        (
            PUBLIC_TASK,
            _l(
                "Consent, only for emailing you your reference: you can leave your email"
                " address out."
            ),
        ),
        _l(
            "The council staff working on the consultation and the councillors who decide."
            " We publish a summary of what people said, and may quote answers, but never"
            " your name or contact details."
        ),
        ("consultation_responses",),
    ),
    Section(
        "young-peoples-responses",
        _l("Young people’s responses"),
        _l(
            "Your answers and your age group. We do not ask for your name, where you live"
            " or which school you go to."
        ),
        _l("To hear from children and young people about services that affect them."),
        (PUBLIC_TASK,),
        _l(
            "The council staff working on the consultation. If an answer makes us worried"
            " that someone is not safe, our safeguarding lead sees it so they can help."
        ),
        ("young_peoples_responses",),
    ),
    Section(
        "equality-monitoring",
        _l("Equality monitoring"),
        _l(
            "Your answers to the optional equality questions, such as your age, sex,"
            " ethnic group, religion, sexual orientation and whether you are disabled."
            " Every question has a “prefer not to say” answer. We only ask people"
            " answering as themselves, never organisations."
        ),
        _l(
            "To check that our decisions are fair to everyone, as the public sector"
            " equality duty (Equality Act 2010, section 149) requires."
        ),
        (
            PUBLIC_TASK,
            _l(
                "Because some of these answers are special category data, also substantial"
                " public interest (UK GDPR Article 9(2)(g)), for equality of opportunity or"
                " treatment (Data Protection Act 2018, Schedule 1, paragraph 8)."
            ),
        ),
        _l(
            "Nobody sees one person’s answers. They are kept apart from your response, with"
            " no link to it, and staff only ever see totals, with small numbers hidden."
        ),
        ("equality_monitoring",),
    ),
    Section(
        "right-to-challenge",
        _l("Right to Challenge"),
        _l(
            "Your group’s details, its finances and plans, any partners, the documents you"
            " send, and the name, role, email address and phone number of your contact"
            " person."
        ),
        _l(
            "To consider your expression of interest and make the decision the Localism"
            " Act 2011 requires, and to tell you about it."
        ),
        (PUBLIC_TASK,),
        _l(
            "The council staff and councillors who consider it. We publish the register of"
            " expressions of interest and our decision, with your group’s name but not"
            " your contact person’s details."
        ),
        ("right_to_challenge",),
    ),
    Section(
        "supplier-register",
        _l("Supplier register"),
        _l(
            "Your organisation’s details and the names, email addresses and phone numbers"
            " of its contacts, and which alerts they want."
        ),
        _l(
            "To tell organisations about opportunities to work with the council, and to let"
            " them book events."
        ),
        (
            PUBLIC_TASK,
            _l(
                "Consent, for opportunity alerts by email: you choose whether and how often"
                " to get them, and can stop at any time."
            ),
        ),
        _l(
            "Council staff who buy services. We do not publish the register or share it"
            " for marketing."
        ),
        ("supplier_register",),
    ),
    Section(
        "event-bookings",
        _l("Event bookings"),
        _l(
            "Who is coming, your organisation’s contact details, and any access or dietary"
            " needs you tell us about."
        ),
        _l("To run the event, to make sure everyone can take part, and to plan future events."),
        (
            PUBLIC_TASK,
            _l(
                "Access and dietary needs can say something about your health or religion."
                " We use them only to make the event work for you, under substantial public"
                " interest (UK GDPR Article 9(2)(g)), for equality of opportunity or"
                " treatment (Data Protection Act 2018, Schedule 1, paragraph 8)."
            ),
        ),
        _l(
            "The council staff running the event and, for access and dietary needs only,"
            " the venue and caterers who need to know."
        ),
        ("event_bookings", "event_access_needs"),
    ),
    Section(
        "third-sector-survey",
        _l("Third-sector survey"),
        _l(
            "Your organisation’s name and email address, your answers, and whether you"
            " agree that we may name your organisation beside its answers."
        ),
        _l(
            "To understand the health of the voluntary and community sector and how the"
            " council can support it, year after year."
        ),
        (PUBLIC_TASK,),
        _l(
            "Council staff. We publish results as totals and quote answers only without"
            " saying who gave them, unless you agreed that we may name your organisation."
        ),
        ("survey_responses",),
    ),
    Section(
        "staff-accounts",
        _l("Staff accounts"),
        _l(
            "For council staff who sign in: name, work email address, role, service areas,"
            " how they sign in, when they last signed in, and a record of what they did."
        ),
        _l("To keep the portal secure and show who did what."),
        (PUBLIC_TASK,),
        _l("Administrators of the portal and, when needed, the council’s auditors."),
        ("staff_accounts", "audit_log"),
    ),
)

SECTION_IDS = frozenset(section.id for section in SECTIONS)


def retention_rows(session: Session) -> list[dict]:
    """Every kind of record, how long it is kept and what happens then."""
    return [
        {
            "kind": kind.label,
            "how_long": describe(session, code),
            "then": ACTION_LABELS[kind.action],
        }
        for code, kind in KINDS.items()
    ]
