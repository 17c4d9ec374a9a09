"""The regency's Stripe keys move to the platform's payment accounts (owner ``sri_deli``)

The ciphers are copied as they are: the platform opens them with the same purposes
(``sri-deli-stripe-secret-key``, ``sri-deli-stripe-webhook-secret``), so saved keys keep working.

Revision ID: sri_deli_0005
Revises: sri_deli_0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "sri_deli_0005"
down_revision = "sri_deli_0004"
branch_labels = None
depends_on = "core_0014"

COLUMNS = "secret_key_cipher, webhook_secret_cipher, enabled, updated_at, updated_by_name"


def upgrade() -> None:
    # The first row is the one the module read; there was never more than one.
    op.execute(f"INSERT INTO payment_account (owner, {COLUMNS}) SELECT 'sri_deli', {COLUMNS} "
               "FROM sri_deli_stripe_account WHERE id = (SELECT MIN(id) FROM sri_deli_stripe_account)")
    op.drop_table("sri_deli_stripe_account")


def downgrade() -> None:
    op.create_table(
        "sri_deli_stripe_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_key_cipher", sa.Text(), nullable=False),
        sa.Column("webhook_secret_cipher", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sri_deli_stripe_account")),
    )
    op.execute(f"INSERT INTO sri_deli_stripe_account ({COLUMNS}) SELECT {COLUMNS} "
               "FROM payment_account WHERE owner = 'sri_deli'")
    op.execute("DELETE FROM payment_account WHERE owner = 'sri_deli'")
