"""Community Right to Challenge: services open to challenge, their windows,
expressions of interest with their decisions, drafts and documents

Revision ID: 4d079dbb0967
Revises: 47830c4adcbc

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4d079dbb0967"
down_revision = "47830c4adcbc"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenge_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_draft")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_challenge_draft_token_hash")),
    )
    with op.batch_alter_table("challenge_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_draft_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "challenge_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_cy", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_cy", sa.Text(), nullable=False),
        sa.Column("service_area_id", sa.Integer(), nullable=True),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("exclusion_reason", sa.Text(), nullable=False),
        sa.Column("exclusion_reason_cy", sa.Text(), nullable=False),
        sa.Column("decision_period_days", sa.Integer(), nullable=False),
        sa.Column("procurement_min_months", sa.Integer(), nullable=False),
        sa.Column("procurement_max_months", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_area.id"],
            name=op.f("fk_challenge_service_service_area_id_service_area"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_service")),
        sa.UniqueConstraint("slug", name=op.f("uq_challenge_service_slug")),
    )
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_service_service_area_id"), ["service_area_id"], unique=False
        )

    op.create_table(
        "challenge_eoi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbox_item_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("body_name", sa.String(length=200), nullable=False),
        sa.Column("body_type", sa.String(length=30), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("copy_html", sa.Text(), nullable=False),
        sa.Column("copy_sha256", sa.String(length=64), nullable=False),
        sa.Column("notify_by", sa.Date(), nullable=False),
        sa.Column("decision_due_on", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=30), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=False),
        sa.Column("rejection_grounds", sa.JSON(), nullable=False),
        sa.Column("proposed_modification", sa.Text(), nullable=False),
        sa.Column("modification_agreed_on", sa.Date(), nullable=True),
        sa.Column("modification_agreement", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["inbox_item_id"],
            ["inbox_item.id"],
            name=op.f("fk_challenge_eoi_inbox_item_id_inbox_item"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["challenge_service.id"],
            name=op.f("fk_challenge_eoi_service_id_challenge_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_eoi")),
        sa.UniqueConstraint("inbox_item_id", name=op.f("uq_challenge_eoi_inbox_item_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_challenge_eoi_reference")),
    )
    with op.batch_alter_table("challenge_eoi", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_eoi_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index("ix_challenge_eoi_submitted", ["submitted_at", "id"], unique=False)

    op.create_table(
        "challenge_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["challenge_service.id"],
            name=op.f("fk_challenge_window_service_id_challenge_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_window")),
    )
    with op.batch_alter_table("challenge_window", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_window_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "challenge_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("eoi_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["challenge_draft.id"],
            name=op.f("fk_challenge_document_draft_id_challenge_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["eoi_id"],
            ["challenge_eoi.id"],
            name=op.f("fk_challenge_document_eoi_id_challenge_eoi"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_document")),
    )
    with op.batch_alter_table("challenge_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_document_draft_id"), ["draft_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_challenge_document_eoi_id"), ["eoi_id"], unique=False)


def downgrade():
    with op.batch_alter_table("challenge_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_document_eoi_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_document_draft_id"))

    op.drop_table("challenge_document")
    with op.batch_alter_table("challenge_window", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_window_service_id"))

    op.drop_table("challenge_window")
    with op.batch_alter_table("challenge_eoi", schema=None) as batch_op:
        batch_op.drop_index("ix_challenge_eoi_submitted")
        batch_op.drop_index(batch_op.f("ix_challenge_eoi_service_id"))

    op.drop_table("challenge_eoi")
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_service_service_area_id"))

    op.drop_table("challenge_service")
    with op.batch_alter_table("challenge_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_draft_updated_at"))

    op.drop_table("challenge_draft")
