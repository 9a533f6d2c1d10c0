"""Forward plan items carry a CPV division, so alerts can match suppliers
who chose that kind of work

Revision ID: 5b7bd4b6af11
Revises: d41e7a2c9b58
Create Date: 2026-11-23 06:25:54.417396

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b7bd4b6af11"
down_revision = "d41e7a2c9b58"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cpv_division", sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_column("cpv_division")
