"""Retention runs, legal holds, anonymised responses, and a permit that lets
erasure redact the audit log

Revision ID: b7e3a91c5d24
Revises: b71c4e2a9f05

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e3a91c5d24"
down_revision = "b71c4e2a9f05"
branch_labels = None
depends_on = None

# Copied from app.core.audit.guards.APPEND_ONLY_SQL (migrations never import
# application code): the append-only triggers, now letting through only a
# transaction that holds an audit_redaction permit row.
PERMITTING = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- Erasure and retention redact under a permit row that only
            -- their own transaction can see (see AuditRedaction).
            IF EXISTS (SELECT 1 FROM audit_redaction) THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
        END;
        $$
        """,
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
        """
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        WHEN NOT EXISTS (SELECT 1 FROM audit_redaction)
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        WHEN NOT EXISTS (SELECT 1 FROM audit_redaction)
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END
        """,
    ],
}
# What 3f9c1e2a7b4d installed, for the way back.
STRICT = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
        END;
        $$
        """,
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
        """
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END
        """,
    ],
}


def _run(statements: dict) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    op.create_table(
        "audit_redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_redaction")),
    )
    op.create_table(
        "retention_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("started_by", sa.String(length=40), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_run")),
    )
    with op.batch_alter_table("retention_run", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_run_started_at"), ["started_at"], unique=False
        )
    op.create_table(
        "legal_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("placed_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"], ["staff_user.id"], name=op.f("fk_legal_hold_lifted_by_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["placed_by_id"], ["staff_user.id"], name=op.f("fk_legal_hold_placed_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    with op.batch_alter_table("legal_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_hold_reference"), ["reference"], unique=False)
    with op.batch_alter_table("consultation_response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    _run(PERMITTING)


def downgrade():
    _run(STRICT)
    with op.batch_alter_table("consultation_response", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("legal_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_hold_reference"))
    op.drop_table("legal_hold")
    with op.batch_alter_table("retention_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_run_started_at"))
    op.drop_table("retention_run")
    op.drop_table("audit_redaction")
