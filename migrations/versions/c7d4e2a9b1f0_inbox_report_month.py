"""The inbox reports' rollup, filled from existing items

Revision ID: c7d4e2a9b1f0
Revises: b3f1c8d2e6a4

"""

from collections import defaultdict
from datetime import UTC, date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7d4e2a9b1f0"
down_revision = "b3f1c8d2e6a4"
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
MAX_HOURS = 24 * 400


def _month(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LONDON)
    return date(local.year, local.month, 1)


def _hours(start, end):
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    return max(0, min(int((end - start).total_seconds() // 3600), MAX_HOURS))


def upgrade():
    table = op.create_table(
        "inbox_report_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("area_key", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=12), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_report_month")),
        sa.UniqueConstraint(
            "month", "kind", "area_key", "metric", "bucket", name="uq_inbox_report_month"
        ),
    )
    with op.batch_alter_table("inbox_report_month", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_report_month_month"), ["month"], unique=False)
    # Fill it from the items already there (the same count as `flask inbox-reports-rebuild`).
    bind = op.get_bind()
    first = dict(
        bind.execute(
            sa.text("SELECT item_id, MIN(created_at) FROM inbox_reply GROUP BY item_id")
        ).all()
    )
    counts = defaultdict(int)
    rows = bind.execute(
        sa.text("SELECT id, kind, service_area_id, received_at, closed_at FROM inbox_item")
    )
    for item_id, kind, area, received, closed in rows:
        received = _parse(received)
        key = area or 0
        counts[(_month(received), kind, key, "received", 0)] += 1
        replied = _parse(first.get(item_id))
        if replied is not None:
            counts[(_month(replied), kind, key, "first_reply", _hours(received, replied))] += 1
        closed = _parse(closed)
        if closed is not None:
            counts[(_month(closed), kind, key, "closed", _hours(received, closed))] += 1
    if counts:
        op.bulk_insert(
            table,
            [
                {"month": m, "kind": k, "area_key": a, "metric": metric, "bucket": b, "count": n}
                for (m, k, a, metric, b), n in counts.items()
            ],
        )


def _parse(value):
    if value is None or not isinstance(value, str):
        return value
    from datetime import datetime

    return datetime.fromisoformat(value)


def downgrade():
    with op.batch_alter_table("inbox_report_month", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_report_month_month"))
    op.drop_table("inbox_report_month")
