"""Alerts say which fields changed; emails can carry List-Unsubscribe

Revision ID: 328dc53d4901
Revises: 9d2e4f6a8b1c

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "328dc53d4901"
down_revision = "9d2e4f6a8b1c"
branch_labels = None
depends_on = None


def upgrade():
    # Both nullable: rows from before say "stage" or "dates", emails before
    # had no header, and neither needs filling in.
    op.add_column("supplier_plan_watch", sa.Column("changes", sa.Text(), nullable=True))
    op.add_column(
        "outbox_message", sa.Column("unsubscribe_url", sa.String(length=500), nullable=True)
    )


def downgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("unsubscribe_url")
    with op.batch_alter_table("supplier_plan_watch") as batch:
        batch.drop_column("changes")
