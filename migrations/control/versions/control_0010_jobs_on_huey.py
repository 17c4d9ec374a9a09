"""jobs move to huey: drop the hand-written queue's table

Revision ID: control_0010
Revises: control_0011
Create Date: 2026-12-02 10:30:00

Jobs are kept by huey now (a SQLite file in the instance folder, or Redis), not in the control
plane. Jobs still queued in the old table are not carried over: run ``kiblat worker --once`` with
the previous release before upgrading if any are left.
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0010"
down_revision = "control_0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_run_after")
        batch_op.drop_index(batch_op.f("ix_jobs_tenant_slug"))
    op.drop_table("jobs")


def downgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("tenant_slug", sa.String(length=31), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_by", sa.String(length=80), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_run_after", ["status", "run_after"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_tenant_slug"), ["tenant_slug"], unique=False)
