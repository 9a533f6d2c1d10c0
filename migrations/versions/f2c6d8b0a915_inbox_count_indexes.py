"""Indexes for the inbox's dashboard and status counts

Revision ID: f2c6d8b0a915
Revises: e4b7a1c9d302

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f2c6d8b0a915"
down_revision = "e4b7a1c9d302"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inbox_item_open",
            ["kind", "due_on", "urgent", "safeguarding"],
            unique=False,
            postgresql_where=sa.text("status <> 'closed'"),
            sqlite_where=sa.text("status <> 'closed'"),
        )
        batch_op.create_index("ix_inbox_item_kind_status", ["kind", "status"], unique=False)
        batch_op.create_index(
            "ix_inbox_item_area_status", ["service_area_id", "status"], unique=False
        )


def downgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_item_area_status")
        batch_op.drop_index("ix_inbox_item_kind_status")
        batch_op.drop_index("ix_inbox_item_open")
