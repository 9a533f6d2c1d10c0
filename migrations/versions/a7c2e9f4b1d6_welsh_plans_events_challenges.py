"""Welsh versions of what staff write on plan items, events and challenges

Revision ID: a7c2e9f4b1d6
Revises: c3a9e5d17b42

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c2e9f4b1d6"
down_revision = "c3a9e5d17b42"
branch_labels = None
depends_on = None

# Each table's new Welsh columns: (name, type). Every one starts empty.
WELSH = {
    "plan_item": [
        ("title_cy", sa.String(200)),
        ("summary_cy", sa.String(600)),
        ("description_html_cy", sa.Text()),
    ],
    "event": [
        ("title_cy", sa.String(200)),
        ("description_html_cy", sa.Text()),
        ("venue_cy", sa.Text()),
        ("accessibility_cy", sa.Text()),
        ("buyers_attending_cy", sa.Text()),
    ],
    # A service's Welsh columns exist already; it gains only the stamps.
    "challenge_service": [],
    "challenge_eoi": [
        ("decision_reasons_cy", sa.Text()),
        ("late_reason_cy", sa.Text()),
        ("proposed_modification_cy", sa.Text()),
        ("procurement_note_cy", sa.Text()),
    ],
}


def upgrade():
    for table, columns in WELSH.items():
        with op.batch_alter_table(table) as batch:
            for name, type_ in columns:
                batch.add_column(sa.Column(name, type_, server_default="", nullable=False))
            batch.add_column(
                sa.Column("english_changed_at", sa.DateTime(timezone=True), nullable=True)
            )
            batch.add_column(
                sa.Column("welsh_changed_at", sa.DateTime(timezone=True), nullable=True)
            )
    # Welsh already written for a service counts as current.
    op.execute(
        "UPDATE challenge_service SET english_changed_at = updated_at,"
        " welsh_changed_at = updated_at"
        " WHERE name_cy != '' OR description_cy != '' OR exclusion_reason_cy != ''"
    )


def downgrade():
    for table, columns in reversed(WELSH.items()):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("welsh_changed_at")
            batch.drop_column("english_changed_at")
            for name, _type in reversed(columns):
                batch.drop_column(name)
