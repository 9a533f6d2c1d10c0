"""Free-text search of the inbox: PostgreSQL full-text search in production,
SQLite FTS5 locally, behind one function, `matches`.

Both index the same five fields (reference, subject, submitter's name and
email, and the submission's text) and answer a query the same way: every
word of it must begin a word of the item. A reference or an email address
counts as its parts ("CON-2026-ABC234" is "con", "2026" and "abc234"), so
typing part of one finds it.

The index lives outside the models (an FTS5 table on one database, a
generated tsvector column on the other: no model could declare both), so
the statements below create it: `create_all` runs them through the table's
DDL events, and the migration `a3d5f7b9c1e2` holds a verbatim copy
(migrations never import application code). `include_object` keeps what
they create out of schema comparisons.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, event, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement

from app.inbox.models import InboxItem

MAX_WORDS = 10

# Separators inside references and email addresses become spaces, so the
# PostgreSQL parser splits them into words as the FTS5 tokenizer does.
# Separators inside references and email addresses become spaces, so the
# PostgreSQL parser splits them into words as the FTS5 tokenizer does. The
# words are kept in a stored column: matching against it costs little,
# while working them out again for every row a query looks at costs a lot.
SQL = {
    "postgresql": {
        "upgrade": [
            "ALTER TABLE inbox_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "to_tsvector('simple'::regconfig, translate("
            "coalesce(reference, '') || ' ' || coalesce(subject, '') || ' ' || "
            "coalesce(submitter_name, '') || ' ' || coalesce(submitter_email, '') || ' ' || "
            "coalesce(body_text, ''), '@.-_+/', '      '))) STORED",
            "CREATE INDEX ix_inbox_item_fulltext ON inbox_item USING gin (search_vector)",
        ],
        "downgrade": [
            "DROP INDEX IF EXISTS ix_inbox_item_fulltext",
            "ALTER TABLE inbox_item DROP COLUMN IF EXISTS search_vector",
        ],
    },
    "sqlite": {
        "upgrade": [
            """
            CREATE VIRTUAL TABLE inbox_item_fts USING fts5(
                reference, subject, submitter_name, submitter_email, body_text,
                content='inbox_item', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2'
            )
            """,
            """
            CREATE TRIGGER inbox_item_fts_insert AFTER INSERT ON inbox_item BEGIN
                INSERT INTO inbox_item_fts
                    (rowid, reference, subject, submitter_name, submitter_email, body_text)
                VALUES (new.id, new.reference, new.subject, new.submitter_name,
                    new.submitter_email, new.body_text);
            END
            """,
            """
            CREATE TRIGGER inbox_item_fts_delete AFTER DELETE ON inbox_item BEGIN
                INSERT INTO inbox_item_fts
                    (inbox_item_fts, rowid, reference, subject, submitter_name,
                    submitter_email, body_text)
                VALUES ('delete', old.id, old.reference, old.subject, old.submitter_name,
                    old.submitter_email, old.body_text);
            END
            """,
            """
            CREATE TRIGGER inbox_item_fts_update AFTER UPDATE OF
                reference, subject, submitter_name, submitter_email, body_text
            ON inbox_item BEGIN
                INSERT INTO inbox_item_fts
                    (inbox_item_fts, rowid, reference, subject, submitter_name,
                    submitter_email, body_text)
                VALUES ('delete', old.id, old.reference, old.subject, old.submitter_name,
                    old.submitter_email, old.body_text);
                INSERT INTO inbox_item_fts
                    (rowid, reference, subject, submitter_name, submitter_email, body_text)
                VALUES (new.id, new.reference, new.subject, new.submitter_name,
                    new.submitter_email, new.body_text);
            END
            """,
            # Index what is already there (nothing, on a new database).
            "INSERT INTO inbox_item_fts(inbox_item_fts) VALUES ('rebuild')",
        ],
        "downgrade": [
            "DROP TRIGGER IF EXISTS inbox_item_fts_update",
            "DROP TRIGGER IF EXISTS inbox_item_fts_delete",
            "DROP TRIGGER IF EXISTS inbox_item_fts_insert",
            "DROP TABLE IF EXISTS inbox_item_fts",
        ],
    },
}

# FTS5 keeps its index in shadow tables named after the virtual one.
UNMANAGED = re.compile(r"^(ix_inbox_item_fulltext|inbox_item_fts(_\w+)?)$")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For alembic: leave the search index out of schema comparisons."""
    if not reflected or compare_to is not None or not name:
        return True
    if type_ == "column":
        return not (name == "search_vector" and obj.table.name == "inbox_item")
    return not UNMANAGED.match(name)


for _dialect, _statements in SQL.items():
    for _statement in _statements["upgrade"]:
        event.listen(
            InboxItem.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
    for _statement in _statements["downgrade"]:
        event.listen(
            InboxItem.__table__, "before_drop", DDL(_statement).execute_if(dialect=_dialect)
        )


def words(query: str) -> list[str]:
    """The words of a query, as both indexes split text into words."""
    return re.findall(r"[^\W_]+", query.lower())[:MAX_WORDS]


def matches(query: str, dialect: str) -> ColumnElement[bool] | None:
    """A condition true for items containing every word of the query (each
    as the start of a word), or None when the query has no words."""
    found = words(query)
    if not found:
        return None
    if dialect == "postgresql":
        # Each word quoted, so nothing in it is read as tsquery syntax.
        tsquery = " & ".join("'" + word.replace("'", "''") + "':*" for word in found)
        return text(
            "inbox_item.search_vector @@ to_tsquery('simple'::regconfig, :fts_query)"
        ).bindparams(fts_query=tsquery)
    # FTS5: each word a quoted string with a prefix star; words side by side must all match.
    fts_query = " ".join('"' + word.replace('"', '""') + '"*' for word in found)
    matching_ids = (
        select(literal_column("rowid"))
        .select_from(text("inbox_item_fts"))
        .where(text("inbox_item_fts MATCH :fts_query").bindparams(fts_query=fts_query))
    )
    return InboxItem.id.in_(matching_ids.scalar_subquery())
