"""The regency's Stripe account for paying retribusi online

Revision ID: sri_deli_0004
Revises: sri_deli_0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "sri_deli_0004"
down_revision = "sri_deli_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
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


def downgrade() -> None:
    op.drop_table("sri_deli_stripe_account")
