"""The personal data registry: every capability's source finds one person's
records, and only theirs, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.offline import offline_request_context
from app.core.personal_data import (
    EMAIL,
    NAME,
    REFERENCE,
    NeedleError,
    find_everything,
    one_calendar_month_from,
    parse_needle,
    sources,
)
from tests.subject_people import *  # noqa: F403  (fixtures)
from tests.subject_people import OMAR, RUTH

CAPABILITIES = {
    "consultation_response",
    "challenge",
    "supplier",
    "event_booking",
    "survey",
    "inbox",
    "outbox",
}


def found(session, text: str) -> dict[str, list]:
    with offline_request_context():
        return {
            source.kind: holdings
            for source, holdings in find_everything(session, parse_needle(text))
        }


def everything_said(holdings: dict[str, list]) -> str:
    return repr([h.as_json() for kind in holdings.values() for h in kind]).lower()


def test_every_capability_with_personal_data_registers_a_source(app):
    assert {source.kind for source in sources()} == CAPABILITIES | {"staff_account", "audit"}


def test_an_email_address_finds_the_person_in_every_capability_they_used(session, ruth, omar):
    # Typed in another case than either copy of it.
    holdings = found(session, RUTH.upper())

    for kind in CAPABILITIES:
        assert holdings[kind], f"nothing found in {kind}"
    references = {h.reference for kind in holdings.values() for h in kind}
    for what, reference in ruth.references.items():
        if what != "young":
            assert reference in references, what
    # Nobody else's records come with hers.
    said = everything_said(holdings)
    assert OMAR not in said
    assert "omar" not in said
    assert "marsh lane" not in said
    for reference in omar.references.values():
        assert reference not in references


def test_each_record_carries_what_the_person_gave(session, ruth):
    holdings = found(session, RUTH)

    response = holdings["consultation_response"][0].as_json()["data"]
    assert response["name"] == "Ruth Adeyemi"
    assert {
        "question": "Anything else you want to tell us?",
        "answer": "Ruth Adeyemi would like Saturday openings.",
    } in response["answers"]
    # Equality answers are held unlinked by design: the report says so, and
    # never guesses which anonymous answers were hers.
    assert "cannot be linked" in response["equality_monitoring"]
    assert "female" not in everything_said(holdings)

    booking = holdings["event_booking"][0].data
    assert booking["access_needs"] == "A wheelchair space near the door"
    assert booking["dietary_needs"] == "Vegan"
    assert booking["attendees"] == [{"name": "Ruth Adeyemi", "attended": None}]

    supplier = holdings["supplier"][0].data
    assert supplier["contacts"][0]["phone"] == "01632 960 111"
    assert supplier["alerts"]["how_often"] == "weekly"

    eoi = holdings["challenge"][0].data
    assert eoi["body"] == "Friends of Hollinsby Library"
    assert eoi["answers"]["contact_name"] == "Ruth Adeyemi"

    survey = holdings["survey"][0].data
    assert any(a["answer"] == "Grants are too short." for a in survey["answers"])

    replies = [r for h in holdings["inbox"] for r in h.data["replies"]]
    assert [r["message"] for r in replies] == ["Thank you, Ruth: we will keep you posted."]
    assert {m.data["to"].lower() for m in holdings["outbox"]} == {RUTH.lower()}


def test_a_young_persons_response_is_found_by_its_reference_alone(session, ruth):
    holdings = found(session, ruth.references["young"].lower())

    (response,) = holdings["consultation_response"]
    assert response.data["age_band"] == "14_15"
    assert "name" not in response.data
    assert "email" not in response.data
    assert response.data["answers"][-1]["answer"] == "More books about space please."
    # The same reference names its inbox item too.
    assert [h.reference for h in holdings["inbox"]] == [ruth.references["young"]]
    assert holdings["supplier"] == []
    assert holdings["event_booking"] == []


def test_a_name_or_organisation_finds_records_by_part_of_it(session, ruth, omar):
    by_name = found(session, "adeyemi")
    for kind in ("consultation_response", "event_booking", "challenge", "supplier"):
        assert by_name[kind], kind

    by_organisation = found(session, "hollinsby friends")
    assert by_organisation["supplier"][0].data["organisation"] == "Hollinsby Friends"
    assert by_organisation["survey"]
    assert "marsh lane" not in everything_said(by_organisation)


def test_a_staff_email_finds_their_account_and_what_the_log_says_they_did(
    session, ruth, make_staff
):
    holdings = found(session, "commissioner@elmsworth.gov.example")

    (account,) = holdings["staff_account"]
    assert account.data["role"] == "commissioner"
    assert "password" not in repr(account.data).lower().replace("password_changed_at", "")
    assert holdings["audit"], "the reply they sent is on the audit log"
    assert holdings["consultation_response"] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (" Sam@Example.com ", EMAIL),
        ("con-2026-7k3qx9", REFERENCE),
        ("CON-2026-7K3 QX9", REFERENCE),
        ("Sam", NAME),
    ],
)
def test_what_was_typed_decides_what_is_matched(text, kind):
    assert parse_needle(text).kind == kind


@pytest.mark.parametrize("text", ["", "   ", "Sa", "sam@", "sam@example", "a b@example.com"])
def test_too_little_or_a_broken_address_is_refused(text):
    with pytest.raises(NeedleError):
        parse_needle(text)


def test_queries_do_not_grow_with_the_number_of_records(session, ruth, count_queries):
    from tests.subject_people import Person, _consultation_response

    def search():
        with offline_request_context():
            find_everything(session, parse_needle(RUTH))
        session.expire_all()

    few = count_queries(search).count
    person = Person(RUTH, "Ruth Adeyemi")
    from app.consultations.models import Consultation
    from app.events.models import Event

    consultation = session.query(Consultation).first()
    event = session.query(Event).first()
    for _ in range(3):
        _consultation_response(session, consultation, person, {})
    from app.suppliers.models import SupplierContact

    contact = session.query(SupplierContact).filter_by(email=RUTH.lower()).one()
    from app.events.services import book

    with offline_request_context():
        book(session, event.id, contact, names=["Ama Owusu"], access_needs="Hearing loop")
    session.commit()

    many = count_queries(search).count
    assert many == few


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 12, 4), date(2027, 1, 4)),
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 11, 30), date(2026, 12, 30)),
        (date(2027, 3, 31), date(2027, 4, 30)),
        (date(2027, 1, 28), date(2027, 2, 28)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_a_request_is_due_one_calendar_month_from_the_day_it_arrived(received, due):
    assert one_calendar_month_from(received) == due
