"""Tenant core: official documents (signing officials, the signing certificate, issued documents)

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0009"
down_revision = "core_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("unit_address", sa.String(length=300), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_nip", sa.String(length=18), nullable=False),
        sa.Column("signer_position", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_signer")),
        sa.UniqueConstraint("scope", name=op.f("uq_document_signer_scope")),
    )
    op.create_table(
        "document_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pkcs12_encrypted", sa.Text(), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("self_signed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_certificate")),
    )
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=60), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_nip", sa.String(length=18), nullable=False),
        sa.Column("signer_position", sa.String(length=200), nullable=False),
        sa.Column("certificate_subject", sa.String(length=300), nullable=False),
        sa.Column("certificate_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
        sa.UniqueConstraint("kind", "ref", name=op.f("uq_issued_document_kind")),
    )


def downgrade() -> None:
    op.drop_table("issued_document")
    op.drop_table("document_certificate")
    op.drop_table("document_signer")
