"""Full-text search of the inbox: a tsvector column and GIN index on PostgreSQL, an FTS5 table on SQLite

A verbatim copy of app.inbox.fulltext.SQL (migrations never import
application code). On SQLite the FTS5 table follows inbox_item through
triggers; a later migration that rebuilds inbox_item in batch mode must
create them again.

Revision ID: a3d5f7b9c1e2
Revises: f2c6d8b0a915

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "a3d5f7b9c1e2"
down_revision = "f2c6d8b0a915"
branch_labels = None
depends_on = None

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


def _run(step: str) -> None:
    for statement in SQL.get(op.get_bind().dialect.name, {}).get(step, []):
        op.execute(statement)


def upgrade():
    _run("upgrade")


def downgrade():
    _run("downgrade")
