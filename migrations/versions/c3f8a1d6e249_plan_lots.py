"""Lots of a plan item with their own values and contract periods

Revision ID: c3f8a1d6e249
Revises: a7d2e9c4b318

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3f8a1d6e249"
down_revision = "a7d2e9c4b318"
branch_labels = None
depends_on = None

plan_item = sa.table("plan_item", sa.column("id", sa.Integer), sa.column("lots", sa.JSON))
plan_lot = sa.table(
    "plan_lot",
    sa.column("id", sa.Integer),
    sa.column("plan_item_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("title", sa.String),
    sa.column("title_cy", sa.String),
)


def upgrade():
    op.create_table(
        "plan_lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_cy", sa.String(length=200), server_default="", nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("value_gross", sa.BigInteger(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("english_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("welsh_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["plan_item_id"], ["plan_item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_lot_item_position", "plan_lot", ["plan_item_id", "position"])
    connection = op.get_bind()
    rows = []
    for item_id, lots in connection.execute(sa.select(plan_item.c.id, plan_item.c.lots)):
        titles = [str(title).strip() for title in (lots or []) if str(title).strip()]
        for position, title in enumerate(titles, 1):
            rows.append(
                {
                    "plan_item_id": item_id,
                    "position": position,
                    "title": title[:200],
                    "title_cy": "",
                }
            )
    if rows:
        op.bulk_insert(plan_lot, rows)
    with op.batch_alter_table("plan_item") as batch:
        batch.drop_column("lots")


def downgrade():
    with op.batch_alter_table("plan_item") as batch:
        batch.add_column(sa.Column("lots", sa.JSON(), nullable=True))
    connection = op.get_bind()
    titles: dict[int, list[str]] = {}
    for item_id, title in connection.execute(
        sa.select(plan_lot.c.plan_item_id, plan_lot.c.title).order_by(
            plan_lot.c.plan_item_id, plan_lot.c.position, plan_lot.c.id
        )
    ):
        titles.setdefault(item_id, []).append(title)
    for item_id, names in titles.items():
        connection.execute(plan_item.update().where(plan_item.c.id == item_id).values(lots=names))
    connection.execute(plan_item.update().where(plan_item.c.lots.is_(None)).values(lots=[]))
    with op.batch_alter_table("plan_item") as batch:
        batch.alter_column("lots", existing_type=sa.JSON(), nullable=False)
    op.drop_index("ix_plan_lot_item_position", table_name="plan_lot")
    op.drop_table("plan_lot")
