"""How long each kind of record is kept, as administrators set it

Revision ID: 9d2e4f6a8b1c
Revises: 7c1e2d3f4a5b

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9d2e4f6a8b1c"
down_revision = "7c1e2d3f4a5b"
branch_labels = None
depends_on = None


def upgrade():
    # No rows: every kind starts at the default written in app.core.retention_policy.
    op.create_table(
        "retention_rule",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_retention_rule")),
    )


def downgrade():
    op.drop_table("retention_rule")
