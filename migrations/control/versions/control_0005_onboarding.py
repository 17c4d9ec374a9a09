"""Control plane: self-onboarding requests

Revision ID: control_0005
Revises: control_0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "control_0005"
down_revision = "control_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onboarding_applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_applicants")),
        sa.UniqueConstraint("email", name=op.f("uq_onboarding_applicants_email")),
    )
    op.create_table(
        "onboarding_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=True),
        sa.Column("slug", sa.String(length=31), nullable=True),
        sa.Column("proof", sa.String(length=20), nullable=True),
        sa.Column("letter_key", sa.String(length=200), nullable=True),
        sa.Column("logo_key", sa.String(length=200), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("steps_done", sa.JSON(), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("auto_approved", sa.Boolean(), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["applicant_id"], ["onboarding_applicants.id"], ondelete="CASCADE",
                                name=op.f("fk_onboarding_requests_applicant_id_onboarding_applicants")),
        sa.ForeignKeyConstraint(["reviewed_by"], ["staff_users.id"], ondelete="SET NULL",
                                name=op.f("fk_onboarding_requests_reviewed_by_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_requests")),
        sa.UniqueConstraint("applicant_id", name=op.f("uq_onboarding_requests_applicant_id")),
    )
    op.create_index(op.f("ix_onboarding_requests_status"), "onboarding_requests", ["status"], unique=False)
    op.create_index(op.f("ix_onboarding_requests_region_code"), "onboarding_requests", ["region_code"],
                    unique=False)
    op.create_index(op.f("ix_onboarding_requests_slug"), "onboarding_requests", ["slug"], unique=False)
    op.create_table(
        "onboarding_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("tenant_slug", sa.String(length=31), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["onboarding_applicants.id"], ondelete="CASCADE",
                                name=op.f("fk_onboarding_tokens_applicant_id_onboarding_applicants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_onboarding_tokens_token_hash")),
    )
    op.create_index(op.f("ix_onboarding_tokens_applicant_id"), "onboarding_tokens", ["applicant_id"],
                    unique=False)
    op.create_table(
        "onboarding_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_onboarding_settings")),
    )


def downgrade() -> None:
    op.drop_table("onboarding_settings")
    op.drop_index(op.f("ix_onboarding_tokens_applicant_id"), table_name="onboarding_tokens")
    op.drop_table("onboarding_tokens")
    op.drop_index(op.f("ix_onboarding_requests_slug"), table_name="onboarding_requests")
    op.drop_index(op.f("ix_onboarding_requests_region_code"), table_name="onboarding_requests")
    op.drop_index(op.f("ix_onboarding_requests_status"), table_name="onboarding_requests")
    op.drop_table("onboarding_requests")
    op.drop_table("onboarding_applicants")
