"""Sekolah Ramah Anak self-assessments and their evidence files

Revision ID: mesra_0003
Revises: mesra_0002
Create Date: 2026-12-02 15:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "mesra_0003"
down_revision = "mesra_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mesra_sra_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("filled_by", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["mesra_school.id"],
                                name=op.f("fk_mesra_sra_assessment_school_id_mesra_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mesra_sra_assessment")),
        sa.UniqueConstraint("school_id", "year", name=op.f("uq_mesra_sra_assessment_school_id")),
    )
    with op.batch_alter_table("mesra_sra_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mesra_sra_assessment_school_id"), ["school_id"], unique=False)
    op.create_table(
        "mesra_sra_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=10), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["mesra_sra_assessment.id"],
                                name=op.f("fk_mesra_sra_evidence_assessment_id_mesra_sra_assessment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mesra_sra_evidence")),
    )
    with op.batch_alter_table("mesra_sra_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mesra_sra_evidence_assessment_id"), ["assessment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mesra_sra_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mesra_sra_evidence_assessment_id"))
    op.drop_table("mesra_sra_evidence")
    with op.batch_alter_table("mesra_sra_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mesra_sra_assessment_school_id"))
    op.drop_table("mesra_sra_assessment")
