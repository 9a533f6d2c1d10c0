"""Inbox items remember their source (consultation, event, wave or service)

Revision ID: d5a9e3f7c128
Revises: c7d4e2a9b1f0

Existing rows are left NULL: the inbox item has no stored link to its
source, so it cannot be derived reliably in SQL.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5a9e3f7c128"
down_revision = "c7d4e2a9b1f0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_inbox_item_source_key", ["source_key"], unique=False)


def downgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_item_source_key")
        batch_op.drop_column("source_key")
