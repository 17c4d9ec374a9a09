"""Retribusi bills: a paid permit is issued only after its bill is paid

Revision ID: sri_deli_0003
Revises: sri_deli_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "sri_deli_0003"
down_revision = "sri_deli_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sri_deli_bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_amount", sa.Integer(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by_name", sa.String(length=120), nullable=False),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["sri_deli_application.id"],
                                name=op.f("fk_sri_deli_bill_application_id_sri_deli_application"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["confirmed_by_user_id"], ["users.id"],
                                name=op.f("fk_sri_deli_bill_confirmed_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sri_deli_bill")),
        sa.UniqueConstraint("application_id", name=op.f("uq_sri_deli_bill_application_id")),
        sa.UniqueConstraint("code", name=op.f("uq_sri_deli_bill_code")),
    )
    op.create_index(op.f("ix_sri_deli_bill_status"), "sri_deli_bill", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sri_deli_bill_status"), table_name="sri_deli_bill")
    op.drop_table("sri_deli_bill")
