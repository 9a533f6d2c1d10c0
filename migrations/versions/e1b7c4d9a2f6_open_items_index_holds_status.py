"""The partial index on open items also holds the status

Revision ID: e1b7c4d9a2f6
Revises: d5a9e3f7c128

"Open" now also leaves out decided challenges and cancelled bookings
(status NOT IN ...), so the dashboard's counts need the status from the
index to stay index-only scans.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1b7c4d9a2f6"
down_revision = "d5a9e3f7c128"
branch_labels = None
depends_on = None

OPEN = sa.text("status <> 'closed'")


def _create(columns):
    op.create_index(
        "ix_inbox_item_open",
        "inbox_item",
        columns,
        unique=False,
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def upgrade():
    op.drop_index("ix_inbox_item_open", table_name="inbox_item")
    _create(["kind", "due_on", "urgent", "safeguarding", "status"])


def downgrade():
    op.drop_index("ix_inbox_item_open", table_name="inbox_item")
    _create(["kind", "due_on", "urgent", "safeguarding"])
