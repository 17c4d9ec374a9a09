"""Control plane: platform staff, impersonation grants, staff action log

Revision ID: control_0003
Revises: control_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0003"
down_revision = "control_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("totp_secret_cipher", sa.Text(), nullable=True),
        sa.Column("totp_enabled", sa.Boolean(), nullable=False),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_users_email")),
    )
    op.create_table(
        "impersonation_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=False),
        sa.Column("target_user_name", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"],
                                name=op.f("fk_impersonation_grants_staff_id_staff_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE",
                                name=op.f("fk_impersonation_grants_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impersonation_grants")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_impersonation_grants_token_hash")),
    )
    op.create_index(op.f("ix_impersonation_grants_staff_id"), "impersonation_grants", ["staff_id"], unique=False)
    op.create_index(op.f("ix_impersonation_grants_tenant_id"), "impersonation_grants", ["tenant_id"], unique=False)
    op.create_table(
        "staff_action_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("tenant_slug", sa.String(length=31), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("object_type", sa.String(length=60), nullable=True),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"],
                                name=op.f("fk_staff_action_log_staff_id_staff_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="SET NULL",
                                name=op.f("fk_staff_action_log_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["grant_id"], ["impersonation_grants.id"], ondelete="SET NULL",
                                name=op.f("fk_staff_action_log_grant_id_impersonation_grants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_action_log")),
    )
    op.create_index("ix_staff_action_log_staff_id_created_at", "staff_action_log", ["staff_id", "created_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_staff_action_log_staff_id_created_at", table_name="staff_action_log")
    op.drop_table("staff_action_log")
    op.drop_index(op.f("ix_impersonation_grants_tenant_id"), table_name="impersonation_grants")
    op.drop_index(op.f("ix_impersonation_grants_staff_id"), table_name="impersonation_grants")
    op.drop_table("impersonation_grants")
    op.drop_table("staff_users")
