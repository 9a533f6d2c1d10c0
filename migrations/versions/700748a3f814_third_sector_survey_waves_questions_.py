"""Third-sector survey: waves, their questions, invitations, opt-outs,
responses and answers

Revision ID: 700748a3f814
Revises: e8a3c5f1b207
Create Date: 2026-11-23 06:23:05.483280

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "700748a3f814"
down_revision = "e8a3c5f1b207"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_wave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("title_cy", sa.String(length=120), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("invitations_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("summary_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_wave")),
        sa.UniqueConstraint("slug", name=op.f("uq_survey_wave_slug")),
    )
    with op.batch_alter_table("survey_wave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_wave_closes_at"), ["closes_at"], unique=False)

    op.create_table(
        "survey_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_survey_invitation_supplier_id_supplier"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["survey_wave.id"],
            name=op.f("fk_survey_invitation_wave_id_survey_wave"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_survey_invitation_token_hash")),
        sa.UniqueConstraint("wave_id", "supplier_id", name=op.f("uq_survey_invitation_wave_id")),
    )
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_invitation_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "survey_opt_out",
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_survey_opt_out_supplier_id_supplier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("supplier_id", name=op.f("pk_survey_opt_out")),
    )
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("core", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("text_cy", sa.String(length=500), nullable=False),
        sa.Column("help_text", sa.String(length=1000), nullable=False),
        sa.Column("help_text_cy", sa.String(length=1000), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("show_if", sa.JSON(), nullable=True),
        sa.Column("max_length", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["survey_wave.id"],
            name=op.f("fk_survey_question_wave_id_survey_wave"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
        sa.UniqueConstraint("wave_id", "code", name=op.f("uq_survey_question_wave_id")),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("may_identify", sa.Boolean(), nullable=False),
        sa.Column("resume_token_hash", sa.String(length=64), nullable=True),
        sa.Column("org_type", sa.String(length=40), nullable=True),
        sa.Column("income_band", sa.String(length=40), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("inbox_item_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["inbox_item_id"],
            ["inbox_item.id"],
            name=op.f("fk_survey_response_inbox_item_id_inbox_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["survey_invitation.id"],
            name=op.f("fk_survey_response_invitation_id_survey_invitation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_survey_response_supplier_id_supplier"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["survey_wave.id"],
            name=op.f("fk_survey_response_wave_id_survey_wave"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sa.UniqueConstraint("resume_token_hash", name=op.f("uq_survey_response_resume_token_hash")),
        sa.UniqueConstraint("wave_id", "supplier_id", name=op.f("uq_survey_response_wave_id")),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_response_inbox_item_id"), ["inbox_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_response_invitation_id"), ["invitation_id"], unique=False
        )
        batch_op.create_index("ix_survey_response_wave_state", ["wave_id", "state"], unique=False)

    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=40), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_question.id"],
            name=op.f("fk_survey_answer_question_id_survey_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_response.id"],
            name=op.f("fk_survey_answer_response_id_survey_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_answer_question_choice", ["question_id", "choice"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_answer_response_id"), ["response_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answer_response_id"))
        batch_op.drop_index("ix_survey_answer_question_choice")

    op.drop_table("survey_answer")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_response_wave_state")
        batch_op.drop_index(batch_op.f("ix_survey_response_invitation_id"))
        batch_op.drop_index(batch_op.f("ix_survey_response_inbox_item_id"))

    op.drop_table("survey_response")
    op.drop_table("survey_question")
    op.drop_table("survey_opt_out")
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_invitation_supplier_id"))

    op.drop_table("survey_invitation")
    with op.batch_alter_table("survey_wave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_wave_closes_at"))

    op.drop_table("survey_wave")
