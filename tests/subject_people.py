"""One person who has used every part of the portal, and someone else who
has used some of it: for the subject access tests. Everything is made
through each capability's own services, as the public pages make it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app.core.db import utcnow
from app.core.offline import offline_request_context
from tests.challenges.conftest import (
    ANSWERS,
    BODY,
    make_service,
)
from tests.consultations.conftest import make_consultation
from tests.events.conftest import make_event

__all__ = ["make_consultation", "make_event", "make_service", "omar", "ruth"]

RUTH = "Ruth.Adeyemi@Hollinsby.example"
OMAR = "omar@marshlane.example"

_numbers = iter(range(1300000, 1399999))


@dataclass
class Person:
    email: str
    name: str
    references: dict[str, str] = field(default_factory=dict)


def _consultation_response(session, consultation, person, equality: dict):
    from app.consultations.responding import save_to_draft, start_draft, submit_response

    draft, _token = start_draft(session, consultation, "adult")
    by_kind = {q.kind: q for q in consultation.questions}
    save_to_draft(
        draft,
        about={"respondent_type": "individual", "name": person.name, "email": person.email},
        answers={
            str(by_kind["scale"].id): "agree",
            str(by_kind["free_text"].id): f"{person.name} would like Saturday openings.",
        },
        equality=equality,
    )
    with offline_request_context():
        return submit_response(session, consultation, draft, locale="en")


def _young_response(session, consultation):
    from app.consultations.responding import save_to_draft, start_draft, submit_response

    draft, _token = start_draft(session, consultation, "young_people")
    by_kind = {q.kind: q for q in consultation.questions}
    save_to_draft(
        draft,
        about={"age_band": "14_15"},
        answers={
            str(by_kind["scale"].id): "agree",
            str(by_kind["free_text"].id): "More books about space please.",
        },
    )
    with offline_request_context():
        return submit_response(session, consultation, draft, locale="en")


def _expression_of_interest(session, service, person):
    from app.challenges import submission
    from app.challenges.drafts import start_draft
    from app.challenges.windows import council_today

    draft, token = start_draft(session, "en")
    draft.answers = {
        **BODY,
        "contact_name": person.name,
        "contact_role": "Chair of trustees",
        "contact_email": person.email.lower(),
        "contact_phone": "",
        "service_id": service.id,
        "area": "Hollinsby and Coldwater wards",
        **{key: value for step in ANSWERS.values() for key, value in step.items()},
        "partners_seen": True,
    }
    with offline_request_context():
        return submission.submit(session, draft, council_today(), token)


def _register_and_book(session, event, person, organisation: str):
    from app.events.services import register_and_book

    profile = {
        "name": organisation,
        "legal_form": "registered_charity",
        "charity_number": str(next(_numbers)),
        "company_number": None,
        "cdp_id": None,
        "staff_count": 5,
        "volunteer_count": 10,
        "turnover_band": "100k_to_1m",
        "balance_sheet_band": None,
        "is_vcse": True,
        "postcode": "EW1 2AB",
        "service_area_slugs": ["adult-social-care"],
        "cpv_divisions": ["85"],
        "alert_frequency": "weekly",
        "news_opt_in": False,
    }
    with offline_request_context():
        return register_and_book(
            session,
            event.id,
            profile,
            {"name": person.name, "email": person.email.lower(), "phone": "01632 960 111"},
            names=[person.name],
            access_needs="A wheelchair space near the door",
            dietary_needs="Vegan",
        )


def _survey_response(session, person, organisation: str):
    from app.surveys.answering import save_answer, start_open_response, submit
    from app.surveys.models import TEXT
    from app.surveys.waves import create_wave

    now = utcnow()
    wave = create_wave(session, now - timedelta(days=7), now + timedelta(days=21), confirmed=True)
    response = start_open_response(
        session, wave, organisation_name=organisation, contact_email=person.email
    )
    for question in wave.questions:
        if question.kind == TEXT:
            save_answer(session, response, question, ["Grants are too short."])
        elif question.required and question.choices:
            save_answer(session, response, question, [question.choices[0]["key"]])
    with offline_request_context():
        submit(session, response, may_identify=True)
    return response


@pytest.fixture
def ruth(session, make_consultation, make_service, make_event, make_staff):
    """Ruth has used everything: two kinds of consultation response (with
    equality answers), the Right to Challenge, the supplier register and an
    event, the survey; staff replied to her from the inbox."""
    from app.inbox.services import reply

    person = Person(RUTH, "Ruth Adeyemi")
    consultation = make_consultation()
    response = _consultation_response(
        session, consultation, person, {"sex": "female", "disability": "yes", "carer": "no"}
    )
    young = _young_response(session, consultation)
    eoi = _expression_of_interest(session, make_service(), person)
    supplier, booking = _register_and_book(session, make_event(), person, "Hollinsby Friends")
    survey = _survey_response(session, person, "Hollinsby Friends")
    session.flush()
    staff = make_staff("commissioner")
    from app.inbox.models import InboxItem

    item = session.get(InboxItem, response.inbox_item_id)
    with offline_request_context():
        reply(session, item, staff, "Thank you, Ruth: we will keep you posted.")
    session.commit()
    person.references = {
        "consultation": response.reference,
        "young": young.reference,
        "challenge": eoi.reference,
        "supplier": supplier.inbox_reference,
        "booking": booking.reference,
        "survey": session.get(InboxItem, survey.inbox_item_id).reference,
    }
    return person


@pytest.fixture
def omar(session, make_consultation, make_event):
    """Someone else, in some of the same places."""
    person = Person(OMAR, "Omar Haddad")
    consultation = make_consultation(title="Changes to bin collections")
    response = _consultation_response(session, consultation, person, {"sex": "male"})
    _supplier, booking = _register_and_book(
        session, make_event(title="Meet the buyer: waste"), person, "Marsh Lane Traders"
    )
    session.commit()
    person.references = {"consultation": response.reference, "booking": booking.reference}
    return person
