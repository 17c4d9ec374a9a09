"""Tenant core: the privacy notice, consents, deletion requests and the satisfaction survey

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0010"
down_revision = "core_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("controller_name", sa.String(length=200), nullable=False),
        sa.Column("controller_address", sa.String(length=300), nullable=False),
        sa.Column("dpo_name", sa.String(length=120), nullable=False),
        sa.Column("dpo_email", sa.String(length=254), nullable=False),
        sa.Column("dpo_phone", sa.String(length=30), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["published_by_user_id"], ["users.id"],
                                name=op.f("fk_privacy_notice_published_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notice")),
        sa.UniqueConstraint("version", name=op.f("uq_privacy_notice_version")),
    )
    op.create_table(
        "privacy_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_privacy_consent_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_consent")),
    )
    op.create_index(op.f("ix_privacy_consent_user_id"), "privacy_consent", ["user_id"])
    op.create_table(
        "privacy_erasure_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by_user_id"], ["users.id"],
                                name=op.f("fk_privacy_erasure_request_decided_by_user_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_privacy_erasure_request_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_erasure_request")),
    )
    op.create_index(op.f("ix_privacy_erasure_request_user_id"), "privacy_erasure_request", ["user_id"])
    op.create_index(op.f("ix_privacy_erasure_request_status"), "privacy_erasure_request", ["status"])
    scale = [sa.CheckConstraint(f"u{n} BETWEEN 1 AND 4", name=op.f(f"ck_survey_response_u{n}_scale"))
             for n in range(1, 10)]
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_key", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=60), nullable=False),
        sa.Column("service_name", sa.String(length=200), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        *(sa.Column(f"u{n}", sa.SmallInteger(), nullable=False) for n in range(1, 10)),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_survey_response_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sa.UniqueConstraint("module_key", "ref", name=op.f("uq_survey_response_module_key")),
        *scale,
    )
    for column in ("service_name", "unit_name", "user_id", "answered_at"):
        op.create_index(op.f(f"ix_survey_response_{column}"), "survey_response", [column])


def downgrade() -> None:
    op.drop_table("survey_response")
    op.drop_table("privacy_erasure_request")
    op.drop_table("privacy_consent")
    op.drop_table("privacy_notice")
