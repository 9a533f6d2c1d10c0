"""Inbox themes: tags on items for analysis

Revision ID: c9a4f7d2e813
Revises: b5d8e2c41f07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c9a4f7d2e813"
down_revision = "b5d8e2c41f07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inbox_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_tag")),
        sa.UniqueConstraint("name", name=op.f("uq_inbox_tag_name")),
    )
    op.create_table(
        "inbox_item_tag",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inbox_item.id"],
            name=op.f("fk_inbox_item_tag_item_id_inbox_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["inbox_tag.id"],
            name=op.f("fk_inbox_item_tag_tag_id_inbox_tag"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "tag_id", name=op.f("pk_inbox_item_tag")),
    )
    with op.batch_alter_table("inbox_item_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_item_tag_tag_id"), ["tag_id"], unique=False)


def downgrade():
    with op.batch_alter_table("inbox_item_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_item_tag_tag_id"))
    op.drop_table("inbox_item_tag")
    op.drop_table("inbox_tag")
