"""smart city indicator snapshots and publication

Revision ID: control_0008
Revises: control_0007
Create Date: 2026-12-02 06:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0008"
down_revision = "control_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "smart_city_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=81), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_smart_city_snapshots_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smart_city_snapshots")),
        sa.UniqueConstraint("tenant_id", "indicator", "period", name="uq_smart_city_snapshots_period"),
    )
    with op.batch_alter_table("smart_city_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_smart_city_snapshots_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "smart_city_published",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=81), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_smart_city_published_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "indicator", name=op.f("pk_smart_city_published")),
    )


def downgrade() -> None:
    op.drop_table("smart_city_published")
    with op.batch_alter_table("smart_city_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_smart_city_snapshots_tenant_id"))
    op.drop_table("smart_city_snapshots")
