"""Suggested themes for free-text answers, and what staff decided about them

Revision ID: a7d2e9c4b318
Revises: a7d2e9c41f60

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d2e9c4b318"
down_revision = "a7d2e9c41f60"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme_suggestion_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_count", sa.Integer(), nullable=False),
        sa.Column("answer_count", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_suggestion_run")),
    )
    op.create_index(
        "ix_theme_suggestion_run_question",
        "theme_suggestion_run",
        ["source", "question_id", "id"],
        unique=False,
    )
    op.create_table(
        "suggested_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("typical", sa.JSON(), nullable=False),
        sa.Column("loadings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("tagged_count", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["suggested_theme.id"],
            name=op.f("fk_suggested_theme_merged_into_id_suggested_theme"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["theme_suggestion_run.id"],
            name=op.f("fk_suggested_theme_run_id_theme_suggestion_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggested_theme")),
    )
    op.create_index(op.f("ix_suggested_theme_run_id"), "suggested_theme", ["run_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_suggested_theme_run_id"), table_name="suggested_theme")
    op.drop_table("suggested_theme")
    op.drop_index("ix_theme_suggestion_run_question", table_name="theme_suggestion_run")
    op.drop_table("theme_suggestion_run")
