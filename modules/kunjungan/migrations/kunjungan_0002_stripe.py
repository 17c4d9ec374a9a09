"""stripe: tickets paid online through the regency's Stripe account, each event handled once

Revision ID: kunjungan_0002
Revises: kunjungan_0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from kiblat.migrations.column_ops import add_column_with_default

revision = "kunjungan_0002"
down_revision = "kunjungan_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_column_with_default("kunjungan_booking",
                            sa.Column("pay_online", sa.Boolean(), nullable=False, server_default=sa.false()))
    add_column_with_default("kunjungan_booking",
                            sa.Column("payment_reference", sa.String(length=80), nullable=False, server_default=""))
    op.create_table(
        "kunjungan_stripe_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_key_cipher", sa.String(length=1000), nullable=False),
        sa.Column("webhook_secret_cipher", sa.String(length=1000), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kunjungan_stripe_account")),
    )
    op.create_table(
        "kunjungan_stripe_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["kunjungan_booking.id"],
                                name=op.f("fk_kunjungan_stripe_event_booking_id_kunjungan_booking")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kunjungan_stripe_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_kunjungan_stripe_event_event_id")),
    )


def downgrade() -> None:
    op.drop_table("kunjungan_stripe_event")
    op.drop_table("kunjungan_stripe_account")
    with op.batch_alter_table("kunjungan_booking") as batch:
        batch.drop_column("payment_reference")
        batch.drop_column("pay_online")
