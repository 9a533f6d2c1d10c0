"""Consultations: equality monitoring kept apart from responses, and the
documents staff attach to a consultation

Revision ID: 47830c4adcbc
Revises: 9d3c0bfd51b7

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "47830c4adcbc"
down_revision = "9d3c0bfd51b7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_type", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_document_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_document")),
    )
    with op.batch_alter_table("consultation_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_document_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "consultation_equality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("sex", sa.String(length=20), nullable=True),
        sa.Column("gender_identity", sa.String(length=20), nullable=True),
        sa.Column("disability", sa.String(length=20), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), nullable=True),
        sa.Column("religion", sa.String(length=20), nullable=True),
        sa.Column("sexual_orientation", sa.String(length=20), nullable=True),
        sa.Column("carer", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_equality_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_equality")),
    )
    with op.batch_alter_table("consultation_equality", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_equality_consultation_id"),
            ["consultation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("consultation_equality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_equality_consultation_id"))

    op.drop_table("consultation_equality")
    with op.batch_alter_table("consultation_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_document_consultation_id"))

    op.drop_table("consultation_document")
