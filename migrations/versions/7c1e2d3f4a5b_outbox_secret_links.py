"""Outbox: emails whose links are secret lose them once sent

Revision ID: 7c1e2d3f4a5b
Revises: 623fcdf6bbcc

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e2d3f4a5b"
down_revision = "623fcdf6bbcc"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("secret_links", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("links_removed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("links_removed_at")
        batch_op.drop_column("secret_links")
