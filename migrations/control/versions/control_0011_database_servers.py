"""database servers, each tenant's server and read-only flag, the tenant move journal

Revision ID: control_0011
Revises: control_0009
Create Date: 2026-12-02 10:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0011"
down_revision = "control_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "database_servers",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("status", sa.Enum("open", "draining", "closed", name="serverstatus", native_enum=False,
                                    length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_database_servers")),
    )
    op.create_table(
        "tenant_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_slug", sa.String(length=31), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("verified", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant_moves")),
    )
    op.create_index(op.f("ix_tenant_moves_tenant_slug"), "tenant_moves", ["tenant_slug"], unique=False)
    # Existing tenants all live on the server of KIBLAT_DATABASE_URL.
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("database_server", sa.String(length=40), nullable=False,
                                   server_default="default"))
        batch.add_column(sa.Column("read_only", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("read_only")
        batch.drop_column("database_server")
    op.drop_index(op.f("ix_tenant_moves_tenant_slug"), table_name="tenant_moves")
    op.drop_table("tenant_moves")
    op.drop_table("database_servers")
