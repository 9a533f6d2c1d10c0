"""Inbox items remember their source (consultation, event, wave or service)

Revision ID: d5a9e3f7c128
Revises: c7d4e2a9b1f0

Existing items are filled in from what links them to their source: a
consultation or survey response and an expression of interest point at their
item, a booking shares its item's reference. Items with no such link (a
supplier registration, a subject access request) keep none.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5a9e3f7c128"
down_revision = "c7d4e2a9b1f0"
branch_labels = None
depends_on = None


# Each kind of source: (item id, source id) for every item it filed.
FILL = {
    "consultation": "SELECT inbox_item_id AS item_id, consultation_id AS source_id "
    "FROM consultation_response WHERE inbox_item_id IS NOT NULL",
    "wave": "SELECT inbox_item_id AS item_id, wave_id AS source_id "
    "FROM survey_response WHERE inbox_item_id IS NOT NULL",
    "service": "SELECT inbox_item_id AS item_id, service_id AS source_id "
    "FROM challenge_eoi WHERE service_id IS NOT NULL",
    "event": "SELECT i.id AS item_id, b.event_id AS source_id "
    "FROM event_booking b JOIN inbox_item i ON i.reference = b.reference",
}


def upgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_inbox_item_source_key", ["source_key"], unique=False)
    for prefix, source in FILL.items():
        # Built only from the constants above; nothing here comes from input.
        statement = (
            f"UPDATE inbox_item SET source_key = (SELECT '{prefix}:' || CAST(MIN(s.source_id) "  # noqa: S608
            f"AS VARCHAR(20)) FROM ({source}) s WHERE s.item_id = inbox_item.id) "
            f"WHERE source_key IS NULL AND id IN (SELECT item_id FROM ({source}) s)"
        )
        op.execute(statement)


def downgrade():
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_item_source_key")
        batch_op.drop_column("source_key")
