"""a regency's own display name for a module

Revision ID: control_0014
Revises: control_0010
Create Date: 2026-12-02 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0014"
down_revision = "control_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenant_modules") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tenant_modules") as batch:
        batch.drop_column("display_name")
