"""Consultations: questions, responses and their answers, drafts of
responses on their way through the form, and the safeguarding phrase list

Revision ID: 9d3c0bfd51b7
Revises: a3d5f7b9c1e2

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d3c0bfd51b7"
down_revision = "a3d5f7b9c1e2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "safeguarding_phrase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_phrase")),
        sa.UniqueConstraint("phrase", name=op.f("uq_safeguarding_phrase_phrase")),
    )
    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=600), nullable=False),
        sa.Column("background_html", sa.Text(), nullable=False),
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("postal_address", sa.String(length=400), nullable=False),
        sa.Column("young_people_version", sa.Boolean(), nullable=False),
        sa.Column("young_people_intro", sa.String(length=600), nullable=False),
        sa.Column("plan_slugs", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome_asked", sa.Text(), nullable=False),
        sa.Column("outcome_said", sa.Text(), nullable=False),
        sa.Column("outcome_did", sa.Text(), nullable=False),
        sa.Column("outcome_next", sa.Text(), nullable=False),
        sa.Column("outcome_young_summary", sa.Text(), nullable=False),
        sa.Column("outcome_response_count", sa.Integer(), nullable=True),
        sa.Column("outcome_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_area.id"],
            name=op.f("fk_consultation_service_area_id_service_area"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
        sa.UniqueConstraint("slug", name=op.f("uq_consultation_slug")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consultation_published_dates", ["published", "opens_at", "closes_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_service_area_id"), ["service_area_id"], unique=False
        )

    op.create_table(
        "consultation_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_draft_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_draft")),
        sa.UniqueConstraint("token", name=op.f("uq_consultation_draft_token")),
    )
    with op.batch_alter_table("consultation_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_draft_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_draft_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "consultation_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("help_text", sa.String(length=1000), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.Column("young_text", sa.String(length=500), nullable=False),
        sa.Column("young_help_text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_question_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_question")),
    )
    with op.batch_alter_table("consultation_question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_question_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "consultation_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("inbox_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("respondent_type", sa.String(length=20), nullable=True),
        sa.Column("organisation_name", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("age_band", sa.String(length=10), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("safeguarding", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_response_consultation_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["inbox_item_id"],
            ["inbox_item.id"],
            name=op.f("fk_consultation_response_inbox_item_id_inbox_item"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_response")),
        sa.UniqueConstraint("reference", name=op.f("uq_consultation_response_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_consultation_response_submission_key")),
    )
    with op.batch_alter_table("consultation_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_response_consultation_id"),
            ["consultation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_response_inbox_item_id"), ["inbox_item_id"], unique=False
        )
        batch_op.create_index(
            "ix_consultation_response_submitted", ["consultation_id", "submitted_at"], unique=False
        )

    op.create_table(
        "consultation_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consultation_question.id"],
            name=op.f("fk_consultation_answer_question_id_consultation_question"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["consultation_response.id"],
            name=op.f("fk_consultation_answer_response_id_consultation_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_answer")),
        sa.UniqueConstraint(
            "response_id", "question_id", name=op.f("uq_consultation_answer_response_id")
        ),
    )
    with op.batch_alter_table("consultation_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_answer_question_id"), ["question_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("consultation_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_answer_question_id"))

    op.drop_table("consultation_answer")
    with op.batch_alter_table("consultation_response", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_response_submitted")
        batch_op.drop_index(batch_op.f("ix_consultation_response_inbox_item_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_response_consultation_id"))

    op.drop_table("consultation_response")
    with op.batch_alter_table("consultation_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_question_consultation_id"))

    op.drop_table("consultation_question")
    with op.batch_alter_table("consultation_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_draft_expires_at"))
        batch_op.drop_index(batch_op.f("ix_consultation_draft_consultation_id"))

    op.drop_table("consultation_draft")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_service_area_id"))
        batch_op.drop_index("ix_consultation_published_dates")

    op.drop_table("consultation")
    op.drop_table("safeguarding_phrase")
