"""Consultations, their questions, options, documents and outcomes in Welsh

Revision ID: d4c7e2b9a1f6
Revises: a7c2e9f4b1d6

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d4c7e2b9a1f6"
down_revision = "a7c2e9f4b1d6"
branch_labels = None
depends_on = None

WELSH = {
    "consultation": [
        ("title_cy", sa.String(200)),
        ("summary_cy", sa.String(600)),
        ("background_html_cy", sa.Text()),
        ("young_people_intro_cy", sa.String(600)),
        ("outcome_asked_cy", sa.Text()),
        ("outcome_said_cy", sa.Text()),
        ("outcome_did_cy", sa.Text()),
        ("outcome_next_cy", sa.Text()),
        ("outcome_young_summary_cy", sa.Text()),
    ],
    "consultation_question": [
        ("text_cy", sa.String(500)),
        ("help_text_cy", sa.String(1000)),
        ("young_text_cy", sa.String(500)),
        ("young_help_text_cy", sa.String(1000)),
    ],
    "consultation_document": [("title_cy", sa.String(200))],
}


def upgrade():
    for table, columns in WELSH.items():
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.add_column(sa.Column(name, kind, server_default="", nullable=False))
            batch.add_column(
                sa.Column("english_changed_at", sa.DateTime(timezone=True), nullable=True)
            )
            batch.add_column(
                sa.Column("welsh_changed_at", sa.DateTime(timezone=True), nullable=True)
            )
            if table == "consultation_question":
                batch.add_column(
                    sa.Column(
                        "options_need_welsh",
                        sa.Boolean(),
                        server_default=sa.false(),
                        nullable=False,
                    )
                )
    # Options written so far are English only. Their answers hold the English
    # words, which stay the options' keys, so nothing else needs changing.
    op.execute(
        sa.text(
            "UPDATE consultation_question SET options_need_welsh = :yes"
            " WHERE kind IN ('single', 'multiple', 'ranking')"
        ).bindparams(yes=True)
    )


def downgrade():
    # Back to plain English options: an option's key is what its answers hold.
    question = sa.table(
        "consultation_question", sa.column("id", sa.Integer), sa.column("choices", sa.JSON)
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(question.c.id, question.c.choices)).all():
        options = row.choices or []
        if any(isinstance(option, dict) for option in options):
            plain = [o["key"] if isinstance(o, dict) else o for o in options]
            connection.execute(
                question.update().where(question.c.id == row.id).values(choices=plain)
            )
    for table, columns in WELSH.items():
        with op.batch_alter_table(table) as batch:
            if table == "consultation_question":
                batch.drop_column("options_need_welsh")
            batch.drop_column("welsh_changed_at")
            batch.drop_column("english_changed_at")
            for name, _kind in reversed(columns):
                batch.drop_column(name)
