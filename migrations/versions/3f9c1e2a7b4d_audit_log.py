"""Audit log: who viewed, changed or exported what, and when; append-only

Revision ID: 3f9c1e2a7b4d
Revises: 05b181736d5b
Create Date: 2026-11-23 02:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f9c1e2a7b4d"
down_revision = "05b181736d5b"
branch_labels = None
depends_on = None

# Copied from app.core.audit.guards.APPEND_ONLY_SQL (migrations never import
# application code). Statement-level on PostgreSQL, so even an UPDATE or
# DELETE matching no rows is refused; TRUNCATE is left open for the test suite.
APPEND_ONLY_SQL = {
    "postgresql": {
        "upgrade": [
            """
            CREATE FUNCTION audit_event_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
            END;
            $$
            """,
            """
            CREATE TRIGGER audit_event_append_only
            BEFORE UPDATE OR DELETE ON audit_event
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
            """,
        ],
        "downgrade": [
            "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
            "DROP FUNCTION IF EXISTS audit_event_append_only()",
        ],
    },
    "sqlite": {
        "upgrade": [
            """
            CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END
            """,
            """
            CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END
            """,
        ],
        "downgrade": [
            "DROP TRIGGER IF EXISTS audit_event_no_update",
            "DROP TRIGGER IF EXISTS audit_event_no_delete",
        ],
    },
}


def _run(step: str) -> None:
    for statement in APPEND_ONLY_SQL.get(op.get_bind().dialect.name, {}).get(step, []):
        op.execute(statement)


def upgrade():
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_ref", sa.String(length=120), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_user.id"], name=op.f("fk_audit_event_actor_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_event_action_occurred", ["action", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_audit_event_actor_email_occurred", ["actor_email", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_audit_event_object_ref_occurred", ["object_ref", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_event_occurred_at"), ["occurred_at"], unique=False
        )
    _run("upgrade")


def downgrade():
    _run("downgrade")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_occurred_at"))
        batch_op.drop_index("ix_audit_event_object_ref_occurred")
        batch_op.drop_index("ix_audit_event_actor_email_occurred")
        batch_op.drop_index("ix_audit_event_action_occurred")
    op.drop_table("audit_event")
