"""Staff service areas and invites: which areas a member of staff is limited
to (none means all), and one-use invitation links (only a hash of the token)

Revision ID: b746306fbfc5
Revises: c9a4f7d2e813

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b746306fbfc5"
down_revision = "c9a4f7d2e813"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_invite_created_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_invite_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_invite")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_invite_token_hash")),
    )
    with op.batch_alter_table("staff_invite", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_invite_staff_user_id"), ["staff_user_id"], unique=False
        )

    op.create_table(
        "staff_service_area",
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_area.id"],
            name=op.f("fk_staff_service_area_service_area_id_service_area"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_service_area_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "staff_user_id", "service_area_id", name=op.f("pk_staff_service_area")
        ),
    )


def downgrade():
    op.drop_table("staff_service_area")
    with op.batch_alter_table("staff_invite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_invite_staff_user_id"))

    op.drop_table("staff_invite")
