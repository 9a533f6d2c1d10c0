"""Events belong to a service area, so staff limited to some areas see and
manage only their areas' events. Existing events keep no area: they are
council-wide until someone with no area limit gives them one.

Revision ID: 6a2f4c8e1d93
Revises: 5b1e9c3d7a20
Create Date: 2026-12-04 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "6a2f4c8e1d93"
down_revision = "5b1e9c3d7a20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_area_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_event_service_area_id"), ["service_area_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_event_service_area_id_service_area"),
            "service_area",
            ["service_area_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_event_service_area_id_service_area"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_event_service_area_id"))
        batch_op.drop_column("service_area_id")
