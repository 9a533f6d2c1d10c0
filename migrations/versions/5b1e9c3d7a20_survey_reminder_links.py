"""Survey reminders carry a link of their own

Revision ID: 5b1e9c3d7a20
Revises: 700748a3f814
Create Date: 2026-11-23 06:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b1e9c3d7a20"
down_revision = "700748a3f814"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_survey_invitation_reminder_token_hash"), ["reminder_token_hash"]
        )


def downgrade():
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_survey_invitation_reminder_token_hash"), type_="unique"
        )
        batch_op.drop_column("reminder_token_hash")
