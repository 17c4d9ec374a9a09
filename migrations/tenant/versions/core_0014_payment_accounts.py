"""Tenant core: the regency's payment accounts per module and the Stripe events handled once

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0014"
down_revision = "core_0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("secret_key_cipher", sa.Text(), nullable=False),
        sa.Column("webhook_secret_cipher", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_account")),
        sa.UniqueConstraint("owner", name=op.f("uq_payment_account_owner")),
    )
    op.create_table(
        "payment_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_event")),
        sa.UniqueConstraint("owner", "event_id", name=op.f("uq_payment_event_owner")),
    )


def downgrade() -> None:
    op.drop_table("payment_event")
    op.drop_table("payment_account")
