"""Someone who responded to a consultation, and a search of the whole
database (and the instance folder) for any trace of them.

The scan reads every column of every table the database has, found by
inspection rather than listed here, so a table added later is searched
too: the inbox's full-text index included (a generated column on
PostgreSQL, FTS5 tables on SQLite)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import column, inspect, select, table, text

from app.core.db import db
from app.core.offline import offline_request_context

NAME = "Zephyrine Quillfeather"
EMAIL = "Zephyrine.Q@quillfeather.example"
PHONE = "01632 960 777"
# The surname alone: a search index keeps words, not the whole name.
TRACES = (NAME.lower(), EMAIL.lower(), "quillfeather", "zephyrine")


@dataclass
class Respondent:
    reference: str
    consultation_id: int
    response_id: int


def respond(session, consultation, *, name=NAME, email=EMAIL, free_text=None):
    from app.consultations.responding import save_to_draft, start_draft, submit_response

    draft, _token = start_draft(session, consultation, "adult")
    by_kind = {q.kind: q for q in consultation.questions}
    save_to_draft(
        draft,
        about={"respondent_type": "individual", "name": name, "email": email},
        answers={
            str(by_kind["scale"].id): "agree",
            str(by_kind["single"].id): by_kind["single"].options[0]["key"],
            str(by_kind["free_text"].id): free_text
            or f"I am {name}, phone me on {PHONE} about Saturday openings.",
        },
        equality={"sex": "female", "carer": "no"},
    )
    with offline_request_context():
        response = submit_response(session, consultation, draft, locale="en")
    session.flush()
    return Respondent(response.reference, consultation.id, response.id)


def work_the_item(session, reference: str, staff) -> None:
    """What staff do with it: a note naming them, a reply, a subject access search."""
    from sqlalchemy import select as sel

    from app.admin.subject_access import search
    from app.core.audit import record
    from app.core.personal_data import parse_needle
    from app.inbox.models import InboxItem
    from app.inbox.services import add_note, reply

    item = session.scalar(sel(InboxItem).where(InboxItem.reference == reference))
    with offline_request_context():
        add_note(session, item, staff, f"Rang {NAME} back on {PHONE}.")
        reply(session, item, staff, f"Dear {NAME}, thank you for your response.")
        search(session, parse_needle(EMAIL))
    record(
        session,
        "subject_access.search",
        actor=staff,
        request=None,
        object_type="subject_access",
        summary=f"Searched for {EMAIL}",
        details={"query": EMAIL, "name": NAME},
    )
    session.commit()


def traces_in_database(wanted=TRACES) -> list[str]:
    """Every "table.column" holding any of `wanted`, whatever its case."""
    found = []
    engine = db.engine
    names = inspect(engine).get_table_names()
    with engine.connect() as connection:
        for name in names:
            for col in inspect(engine).get_columns(name):
                values = connection.execute(
                    select(column(col["name"])).select_from(table(name))
                ).scalars()
                for value in values:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    if value is not None and any(w in str(value).lower() for w in wanted):
                        found.append(f"{name}.{col['name']}")
                        break
        if engine.dialect.name == "sqlite" and "inbox_item_fts" in names:
            for word in ("quillfeather", "zephyrine"):
                hits = connection.execute(
                    text("SELECT rowid FROM inbox_item_fts WHERE inbox_item_fts MATCH :w"),
                    {"w": word},
                ).all()
                if hits:
                    found.append(f"inbox_item_fts index: {word}")
    return found


def traces_on_disk(folder: Path, wanted=TRACES) -> list[str]:
    found = []
    for path in folder.rglob("*") if folder.exists() else []:
        if path.is_file():
            content = path.read_bytes().decode("utf-8", "replace").lower()
            if any(w in content for w in wanted):
                found.append(str(path))
    return found
