"""Supplier register: suppliers, their contacts and one-time sign-in links

Revision ID: d41e7a2c9b58
Revises: a3d5f7b9c1e2

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d41e7a2c9b58"
down_revision = "a3d5f7b9c1e2"
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


def downgrade():
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
