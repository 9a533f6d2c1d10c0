"""Inbox replies: emails sent to submitters from the item page

Revision ID: b5d8e2c41f07
Revises: 7c1e2d9a4b30

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5d8e2c41f07"
down_revision = "7c1e2d9a4b30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inbox_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff_user.id"], name=op.f("fk_inbox_reply_author_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["inbox_item.id"], name=op.f("fk_inbox_reply_item_id_inbox_item")
        ),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_message.id"],
            name=op.f("fk_inbox_reply_outbox_message_id_outbox_message"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_reply")),
    )
    with op.batch_alter_table("inbox_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_reply_item_id"), ["item_id"], unique=False)


def downgrade():
    with op.batch_alter_table("inbox_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_reply_item_id"))
    op.drop_table("inbox_reply")
