"""The regency's Stripe keys and handled Stripe events move to the platform's payment accounts
(owner ``kunjungan``)

The ciphers are copied as they are: the platform opens them with the same purposes
(``kunjungan-stripe-secret-key``, ``kunjungan-stripe-webhook-secret``), so saved keys keep working.
An event keeps its id and outcome; the booking it paid is named by its code.

Revision ID: kunjungan_0003
Revises: kunjungan_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "kunjungan_0003"
down_revision = "kunjungan_0002"
branch_labels = None
depends_on = "core_0014"

COLUMNS = "secret_key_cipher, webhook_secret_cipher, enabled, updated_at, updated_by_name"


def upgrade() -> None:
    # The first row is the one the module read; there was never more than one.
    op.execute(f"INSERT INTO payment_account (owner, {COLUMNS}) SELECT 'kunjungan', {COLUMNS} "
               "FROM kunjungan_stripe_account WHERE id = (SELECT MIN(id) FROM kunjungan_stripe_account)")
    op.execute("INSERT INTO payment_event (owner, event_id, ref, outcome, received_at) "
               "SELECT 'kunjungan', e.event_id, COALESCE(b.code, ''), e.outcome, e.received_at "
               "FROM kunjungan_stripe_event e LEFT JOIN kunjungan_booking b ON b.id = e.booking_id")
    op.drop_table("kunjungan_stripe_event")
    op.drop_table("kunjungan_stripe_account")


def downgrade() -> None:
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
    op.execute(f"INSERT INTO kunjungan_stripe_account ({COLUMNS}) SELECT {COLUMNS} "
               "FROM payment_account WHERE owner = 'kunjungan'")
    op.execute("INSERT INTO kunjungan_stripe_event (event_id, booking_id, outcome, received_at) "
               "SELECT e.event_id, b.id, e.outcome, e.received_at FROM payment_event e "
               "LEFT JOIN kunjungan_booking b ON b.code = e.ref WHERE e.owner = 'kunjungan'")
    op.execute("DELETE FROM payment_event WHERE owner = 'kunjungan'")
    op.execute("DELETE FROM payment_account WHERE owner = 'kunjungan'")
