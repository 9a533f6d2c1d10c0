"""Emailed tokens kept nowhere in plain text: outbox emails whose links are
secret lose them once sent, and consultation drafts keep only a hash of
their token

Revision ID: 7c1e2d3f4a5b
Revises: 623fcdf6bbcc

"""

import hashlib

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e2d3f4a5b"
down_revision = "623fcdf6bbcc"
branch_labels = None
depends_on = None

drafts = sa.table("consultation_draft", sa.column("id", sa.Integer), sa.column("token", sa.String))


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("secret_links", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("links_removed_at", sa.DateTime(timezone=True), nullable=True)
        )
    # The column keeps its name and now holds the SHA-256 of the token, so
    # the links already emailed and the cookies already set go on working.
    bind = op.get_bind()
    for draft_id, token in bind.execute(sa.select(drafts.c.id, drafts.c.token)).all():
        bind.execute(
            drafts.update()
            .where(drafts.c.id == draft_id)
            .values(token=hashlib.sha256(token.encode("utf-8")).hexdigest())
        )


def downgrade():
    # A hash cannot be turned back into its token: the drafts could no
    # longer be found, so they go (they are short-lived working copies).
    op.execute(drafts.delete())
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("links_removed_at")
        batch_op.drop_column("secret_links")
