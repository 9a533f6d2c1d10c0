"""Index the inbox's due-date order

Revision ID: e4b7a1c9d302
Revises: b746306fbfc5

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "e4b7a1c9d302"
down_revision = "b746306fbfc5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_item_due", ["due_on", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_item_due")
