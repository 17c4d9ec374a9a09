"""provisioning requests handed to a running worker, and the workers' heartbeats

Revision ID: control_0016
Revises: control_0015
Create Date: 2026-12-03 17:30:00

``kiblat tenants create`` writes its spec into ``provisioning_requests`` with a plain DB-API
statement; a ``kiblat worker`` that has said it is alive in ``provisioning_workers`` takes it
and runs it with the platform already loaded (``provisioning/handoff.py``).
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0016"
down_revision = "control_0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provisioning_requests",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("spec_json", sa.Text(), nullable=False),
        sa.Column("require_admin", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("step_count", sa.Integer(), nullable=True),
        sa.Column("errors_json", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_provisioning_requests_status", "provisioning_requests", ["status"])
    op.create_table(
        "provisioning_workers",
        sa.Column("name", sa.String(length=120), primary_key=True),
        sa.Column("seen_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("provisioning_workers")
    op.drop_index("ix_provisioning_requests_status", table_name="provisioning_requests")
    op.drop_table("provisioning_requests")
