"""The commissioner's working day: staff email language, Reply-To on the
outbox, the team's settings, daily reminder runs and reply templates

Revision ID: a7d2e9c41f60
Revises: a7d3f9c2b516

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d2e9c41f60"
down_revision = "a7d3f9c2b516"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("locale", sa.String(5), server_default="en", nullable=False))
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("reply_to", sa.String(254), nullable=True))
    op.create_table(
        "inbox_setting",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "inbox_reminder_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("as_of", sa.Date(), nullable=False, unique=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digests", sa.Integer(), nullable=False),
        sa.Column("escalations", sa.Integer(), nullable=False),
    )
    op.create_table(
        "inbox_reply_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_cy", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("inbox_reply_template")
    op.drop_table("inbox_reminder_run")
    op.drop_table("inbox_setting")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("reply_to")
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("locale")
