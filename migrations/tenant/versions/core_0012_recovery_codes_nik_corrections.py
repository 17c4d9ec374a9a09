"""Tenant core: two-factor recovery codes and citizens' NIK correction requests

Revision ID: core_0012
Revises: core_0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0012"
down_revision = "core_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_recovery_codes_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_recovery_codes")),
    )
    op.create_index(op.f("ix_user_recovery_codes_user_id"), "user_recovery_codes", ["user_id"])
    op.create_table(
        "nik_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("old_masked", sa.String(length=16), nullable=True),
        sa.Column("new_nik_hash", sa.String(length=64), nullable=False),
        sa.Column("new_nik_cipher", sa.Text(), nullable=False),
        sa.Column("new_masked", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_nik_corrections_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_user_id"], ["users.id"],
                                name=op.f("fk_nik_corrections_decided_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nik_corrections")),
    )
    op.create_index(op.f("ix_nik_corrections_user_id"), "nik_corrections", ["user_id"])
    op.create_index(op.f("ix_nik_corrections_status"), "nik_corrections", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_nik_corrections_status"), table_name="nik_corrections")
    op.drop_index(op.f("ix_nik_corrections_user_id"), table_name="nik_corrections")
    op.drop_table("nik_corrections")
    op.drop_index(op.f("ix_user_recovery_codes_user_id"), table_name="user_recovery_codes")
    op.drop_table("user_recovery_codes")
