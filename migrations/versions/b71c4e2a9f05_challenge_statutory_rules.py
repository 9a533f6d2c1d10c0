"""Right to Challenge follows the statutes: exclusions only on a statutory
ground, any service the council provides can be named, decisions outside the
published period carry a reason, and the procurement exercise is tracked

Revision ID: b71c4e2a9f05
Revises: 328dc53d4901

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b71c4e2a9f05"
down_revision = "328dc53d4901"
branch_labels = None
depends_on = None

SERVICE = sa.table(
    "challenge_service",
    sa.column("excluded", sa.Boolean()),
    sa.column("exclusion_code", sa.String(30)),
)


def upgrade():
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exclusion_code", sa.String(length=30), nullable=True))
    # A service excluded before the fixed list existed keeps its exclusion
    # under the closest statutory one; its published note still says why,
    # and staff confirm the ground next time they edit it.
    op.execute(
        SERVICE.update().where(SERVICE.c.excluded.is_(True)).values(exclusion_code="nhs_joint")
    )
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.drop_column("excluded")

    with op.batch_alter_table("challenge_eoi", schema=None) as batch_op:
        batch_op.alter_column("service_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column(
                "other_service_name", sa.String(length=200), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("other_service_description", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("decision_period_ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("late_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("procurement_started_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("procurement_expected_end_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("procurement_outcome", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("procurement_ended_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("procurement_note", sa.Text(), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("challenge_eoi", schema=None) as batch_op:
        for name in (
            "procurement_note",
            "procurement_ended_on",
            "procurement_outcome",
            "procurement_expected_end_on",
            "procurement_started_on",
            "late_reason",
            "decision_period_ends_on",
            "other_service_description",
            "other_service_name",
        ):
            batch_op.drop_column(name)
        batch_op.alter_column("service_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("excluded", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(SERVICE.update().where(SERVICE.c.exclusion_code.is_not(None)).values(excluded=True))
    with op.batch_alter_table("challenge_service", schema=None) as batch_op:
        batch_op.drop_column("exclusion_code")
