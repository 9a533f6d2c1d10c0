"""A consultation question can be asked only when an earlier answer matches

Revision ID: b3f1c8d2e6a4
Revises: c3f8a1d6e249

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3f1c8d2e6a4"
down_revision = "c3f8a1d6e249"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("show_if_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("show_if_answer", sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_consultation_question_show_if_id_consultation_question"),
            "consultation_question",
            ["show_if_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("consultation_question", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_consultation_question_show_if_id_consultation_question"),
            type_="foreignkey",
        )
        batch_op.drop_column("show_if_answer")
        batch_op.drop_column("show_if_id")
