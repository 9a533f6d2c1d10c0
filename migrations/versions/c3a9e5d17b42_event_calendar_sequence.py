"""Calendar files carry a rising SEQUENCE; bookings remember an event's cancellation

Revision ID: c3a9e5d17b42
Revises: 5b8e1f3c7a24

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3a9e5d17b42"
down_revision = "5b8e1f3c7a24"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event") as batch:
        batch.add_column(
            sa.Column("calendar_sequence", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("event_booking") as batch:
        batch.add_column(
            sa.Column("calendar_sequence", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column(
                "cancelled_with_event", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    # Bookings of events already cancelled were never cancelled themselves:
    # cancel them now, as the event's cancellation does from today, so
    # publishing such an event again cannot silently restore them.
    op.execute(
        sa.text(
            "UPDATE event_booking SET status = 'cancelled', cancelled_with_event = :yes,"
            " slot_id = NULL WHERE status != 'cancelled'"
            " AND event_id IN (SELECT id FROM event WHERE status = 'cancelled')"
        ).bindparams(yes=True)
    )
    op.execute("UPDATE event SET places_taken = 0 WHERE status = 'cancelled'")


def downgrade():
    with op.batch_alter_table("event_booking") as batch:
        batch.drop_column("cancelled_with_event")
        batch.drop_column("calendar_sequence")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("calendar_sequence")
