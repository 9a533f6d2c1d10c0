"""Every OCDS release of a plan item is kept as published

Revision ID: 5b8e1f3c7a24
Revises: b7e3a91c5d24

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b8e1f3c7a24"
down_revision = "b7e3a91c5d24"
branch_labels = None
depends_on = None


def upgrade():
    # Existing published items get their first stored release from
    # `flask --app wsgi release-missing-plans` (it needs the app's settings).
    op.create_table(
        "plan_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("ocid", sa.String(length=100), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_item.id"],
            name=op.f("fk_plan_release_plan_item_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_release")),
        sa.UniqueConstraint("plan_item_id", "number", name=op.f("uq_plan_release_plan_item_id")),
    )
    op.create_index(op.f("ix_plan_release_ocid"), "plan_release", ["ocid"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_plan_release_ocid"), table_name="plan_release")
    op.drop_table("plan_release")
