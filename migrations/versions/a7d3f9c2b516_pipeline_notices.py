"""Procurement Act 2023 pipeline notices: the council's procurement settings,
the notices published, and what each plan item needs for them

Revision ID: a7d3f9c2b516
Revises: d4c7e2b9a1f6

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d3f9c2b516"
down_revision = "d4c7e2b9a1f6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plan_item") as batch:
        batch.add_column(sa.Column("main_category", sa.String(20), nullable=True))
        batch.add_column(sa.Column("cpv_codes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("estimated_notice_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("value_gross", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column("is_framework", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("is_dynamic_market", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute("UPDATE plan_item SET cpv_codes = '[]'")
    with op.batch_alter_table("plan_item") as batch:
        batch.alter_column("cpv_codes", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "procurement_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spend_band", sa.String(20), nullable=True),
        sa.Column("ppon", sa.String(20), nullable=True),
        sa.Column("authority_type", sa.String(60), nullable=True),
        sa.Column("ocid_prefix", sa.String(40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "pipeline_notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period_start", sa.Date(), nullable=False, unique=True),
        sa.Column("notice_number", sa.String(40), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "published_by_id",
            sa.Integer(),
            sa.ForeignKey("staff_user.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("item_ids", sa.JSON(), nullable=False),
    )


def downgrade():
    op.drop_table("pipeline_notice")
    op.drop_table("procurement_settings")
    with op.batch_alter_table("plan_item") as batch:
        for name in (
            "is_dynamic_market",
            "is_framework",
            "value_gross",
            "estimated_notice_date",
            "cpv_codes",
            "main_category",
        ):
            batch.drop_column(name)
