"""Control plane: plans, subscriptions, invoices, billing events

Revision ID: control_0004
Revises: control_0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "control_0004"
down_revision = "control_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
