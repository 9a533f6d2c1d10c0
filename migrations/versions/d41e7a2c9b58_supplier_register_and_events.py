"""Supplier register and meet-the-buyer events: suppliers, contacts, sign-in
links, events, one-to-one slots, bookings and attendees

Revision ID: d41e7a2c9b58
Revises: 4d079dbb0967

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d41e7a2c9b58"
down_revision = "4d079dbb0967"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "supplier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_form", sa.String(length=40), nullable=False),
        sa.Column("charity_number", sa.String(length=10), nullable=True),
        sa.Column("company_number", sa.String(length=8), nullable=True),
        sa.Column("cdp_id", sa.String(length=60), nullable=True),
        sa.Column("staff_count", sa.Integer(), nullable=False),
        sa.Column("volunteer_count", sa.Integer(), nullable=False),
        sa.Column("turnover_band", sa.String(length=20), nullable=False),
        sa.Column("balance_sheet_band", sa.String(length=20), nullable=True),
        sa.Column("is_sme", sa.Boolean(), nullable=False),
        sa.Column("is_vcse", sa.Boolean(), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("cpv_divisions", sa.JSON(), nullable=False),
        sa.Column("news_opt_in", sa.Boolean(), nullable=False),
        sa.Column("alert_frequency", sa.String(length=10), nullable=False),
        sa.Column("alerts_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inbox_reference", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier")),
        sa.UniqueConstraint("charity_number", name=op.f("uq_supplier_charity_number")),
        sa.UniqueConstraint("company_number", name=op.f("uq_supplier_company_number")),
    )
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supplier_inbox_reference"), ["inbox_reference"], unique=False
        )
    op.create_table(
        "supplier_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_supplier_contact_supplier_id_supplier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_contact")),
        sa.UniqueConstraint("email", name=op.f("uq_supplier_contact_email")),
    )
    with op.batch_alter_table("supplier_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supplier_contact_supplier_id"), ["supplier_id"], unique=False
        )
    op.create_table(
        "supplier_service_area",
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_area.id"],
            name=op.f("fk_supplier_service_area_service_area_id_service_area"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_supplier_service_area_supplier_id_supplier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "supplier_id", "service_area_id", name=op.f("pk_supplier_service_area")
        ),
    )
    op.create_table(
        "supplier_sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["supplier_contact.id"],
            name=op.f("fk_supplier_sign_in_link_contact_id_supplier_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_sign_in_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_supplier_sign_in_link_token_hash")),
    )
    with op.batch_alter_table("supplier_sign_in_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supplier_sign_in_link_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "supplier_plan_watch",
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_item.id"],
            name=op.f("fk_supplier_plan_watch_plan_item_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_item_id", name=op.f("pk_supplier_plan_watch")),
    )
    with op.batch_alter_table("supplier_plan_watch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supplier_plan_watch_changed_at"), ["changed_at"], unique=False
        )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("accessibility", sa.Text(), nullable=True),
        sa.Column("joining_link", sa.String(length=500), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("places_per_organisation", sa.Integer(), nullable=False),
        sa.Column("booking_opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booking_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("buyers_attending", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("places_taken", sa.Integer(), nullable=False),
        sa.Column("reminders_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("slug", name=op.f("uq_event_slug")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_status_starts", ["status", "starts_at"], unique=False)
    op.create_table(
        "event_plan_item",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_plan_item_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_item.id"],
            name=op.f("fk_event_plan_item_plan_item_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "plan_item_id", name=op.f("pk_event_plan_item")),
    )
    op.create_table(
        "event_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_slot_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_slot")),
    )
    with op.batch_alter_table("event_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_slot_event_id"), ["event_id"], unique=False)
    op.create_table(
        "event_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("access_needs", sa.Text(), nullable=False),
        sa.Column("dietary_needs", sa.Text(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("cancel_token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["supplier_contact.id"],
            name=op.f("fk_event_booking_contact_id_supplier_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_booking_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["event_slot.id"],
            name=op.f("fk_event_booking_slot_id_event_slot"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            name=op.f("fk_event_booking_supplier_id_supplier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_booking")),
        sa.UniqueConstraint("cancel_token_hash", name=op.f("uq_event_booking_cancel_token_hash")),
        sa.UniqueConstraint("reference", name=op.f("uq_event_booking_reference")),
    )
    with op.batch_alter_table("event_booking", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_booking_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            "ix_event_booking_event_status", ["event_id", "status", "id"], unique=False
        )
        batch_op.create_index(
            "ix_event_booking_event_supplier", ["event_id", "supplier_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_event_booking_slot_id"), ["slot_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_booking_supplier_id"), ["supplier_id"], unique=False
        )
    op.create_table(
        "event_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["event_booking.id"],
            name=op.f("fk_event_attendee_booking_id_event_booking"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendee")),
    )
    with op.batch_alter_table("event_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_attendee_booking_id"), ["booking_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("event_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_attendee_booking_id"))
    op.drop_table("event_attendee")
    with op.batch_alter_table("event_booking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_booking_supplier_id"))
        batch_op.drop_index(batch_op.f("ix_event_booking_slot_id"))
        batch_op.drop_index("ix_event_booking_event_supplier")
        batch_op.drop_index("ix_event_booking_event_status")
        batch_op.drop_index(batch_op.f("ix_event_booking_contact_id"))
    op.drop_table("event_booking")
    with op.batch_alter_table("event_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_slot_event_id"))
    op.drop_table("event_slot")
    op.drop_table("event_plan_item")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_status_starts")
    op.drop_table("event")
    with op.batch_alter_table("supplier_plan_watch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_plan_watch_changed_at"))
    op.drop_table("supplier_plan_watch")
    with op.batch_alter_table("supplier_sign_in_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_sign_in_link_contact_id"))
    op.drop_table("supplier_sign_in_link")
    op.drop_table("supplier_service_area")
    with op.batch_alter_table("supplier_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_contact_supplier_id"))
    op.drop_table("supplier_contact")
    with op.batch_alter_table("supplier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_inbox_reference"))
    op.drop_table("supplier")
