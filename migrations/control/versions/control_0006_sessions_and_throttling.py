"""Control plane: server-side sessions of staff and applicants; shared attempt counters

Revision ID: control_0006
Revises: control_0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0006"
down_revision = "control_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_platform_sessions")),
    )
    op.create_index("ix_platform_sessions_kind_subject_id", "platform_sessions", ["kind", "subject_id"],
                    unique=False)
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    op.create_index(op.f("ix_throttle_counters_window_ends"), "throttle_counters", ["window_ends"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_throttle_counters_window_ends"), table_name="throttle_counters")
    op.drop_table("throttle_counters")
    op.drop_index("ix_platform_sessions_kind_subject_id", table_name="platform_sessions")
    op.drop_table("platform_sessions")
