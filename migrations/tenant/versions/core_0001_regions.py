"""Tenant core: the regency's own kecamatan and desa/kelurahan.

Revision ID: core_0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kecamatan",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_kecamatan")),
    )
    op.create_table(
        "desa",
        sa.Column("code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["kecamatan_code"], ["kecamatan.code"], name=op.f("fk_desa_kecamatan_code_kecamatan")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_desa")),
    )
    op.create_index(op.f("ix_desa_kecamatan_code"), "desa", ["kecamatan_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_desa_kecamatan_code"), table_name="desa")
    op.drop_table("desa")
    op.drop_table("kecamatan")
