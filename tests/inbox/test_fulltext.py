"""The inbox's free-text search: the same answers from PostgreSQL full-text
search and SQLite FTS5, run against whichever database the suite uses."""

import importlib.util
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete

from app.inbox.fulltext import SQL, words
from app.inbox.models import InboxStatusChange
from app.inbox.services import file_submission


def _filed(session, **fields):
    item = file_submission(session, kind="consultation_response", **fields)
    session.commit()
    return item


def _found(client, query: str) -> set[str]:
    page = BeautifulSoup(client.get("/inbox/", query_string={"q": query}).text, "html.parser")
    return {link.text.strip() for link in page.select("a.app-reference")}


@pytest.fixture
def items(session):
    return {
        "allotments": _filed(
            session,
            subject="About the allotments",
            submitter_name="Siân Llŷr",
            submitter_email="sian.llyr@example.org",
            body_text="The waiting list for a plot is three years long.",
        ),
        "buses": _filed(
            session,
            subject="Bus passes",
            submitter_name="Kwame Okafor",
            submitter_email="kwame@example.net",
            body_text="Please keep the number 7 bus running on Sundays.",
        ),
    }


def test_search_finds_words_in_every_field_and_the_start_of_words(client, sign_in, items):
    sign_in("viewer")
    allotments, buses = items["allotments"].reference, items["buses"].reference
    assert _found(client, "allotments") == {allotments}
    assert _found(client, "allot") == {allotments}  # the start of a word
    assert _found(client, "WAITING list") == {allotments}  # the submission's own text
    assert _found(client, "okafor") == {buses}  # the submitter's name
    assert _found(client, "kwame@example.net") == {buses}  # a whole email address
    assert _found(client, "Sundays bus") == {buses}  # words in any order
    assert _found(client, items["buses"].reference) == {buses}
    assert _found(client, items["buses"].reference.lower()[:-2]) == {buses}
    assert _found(client, "Siân") == {allotments}


def test_every_word_must_match(client, sign_in, items):
    sign_in("viewer")
    assert _found(client, "allotments sundays") == set()
    assert _found(client, "library") == set()


@pytest.mark.parametrize(
    "query",
    ["'", '"', "a & b | !c", "o'brien:*", "(((", "*", "NEAR(a b)", "a\\", "%_", "-", "——"],
)
def test_search_syntax_in_a_query_is_only_ever_text(client, sign_in, items, query):
    sign_in("viewer")
    response = client.get("/inbox/", query_string={"q": query})
    assert response.status_code == 200
    if not words(query):
        assert "No submissions match these filters." in response.text


def test_changed_and_deleted_items_leave_the_index(client, session, sign_in, items):
    sign_in("viewer")
    item = items["buses"]
    item.body_text = "Now about the swimming pool."
    session.commit()
    assert _found(client, "sundays") == set()
    assert _found(client, "swimming") == {item.reference}
    # The portal never deletes a submission, but a database administrator may.
    session.execute(delete(InboxStatusChange).where(InboxStatusChange.item_id == item.id))
    session.delete(item)
    session.commit()
    assert _found(client, "swimming") == set()


def test_the_migration_creates_the_index_the_application_describes():
    path = next(Path("migrations/versions").glob("a3d5f7b9c1e2_*.py"))
    spec = importlib.util.spec_from_file_location("fulltext_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.SQL == SQL
