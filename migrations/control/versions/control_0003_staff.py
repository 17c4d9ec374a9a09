"""Control plane: platform staff, impersonation grants, staff action log

Revision ID: control_0003
Revises: control_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "control_0003"
down_revision = "control_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
