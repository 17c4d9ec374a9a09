"""Tenant core: a staff account placed in a kecamatan (the camat's office checking IUMK)

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0008"
down_revision = "core_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a nullable column with an inline reference without rebuilding the table
        # (a rebuild would have to recreate every table referencing users).
        op.execute("ALTER TABLE users ADD COLUMN kecamatan_code VARCHAR(8) "
                   "CONSTRAINT fk_users_kecamatan_code_kecamatan REFERENCES kecamatan (code)")
    else:
        op.add_column("users", sa.Column("kecamatan_code", sa.String(length=8), nullable=True))
        op.create_foreign_key(op.f("fk_users_kecamatan_code_kecamatan"), "users", "kecamatan",
                              ["kecamatan_code"], ["code"])
    op.create_index(op.f("ix_users_kecamatan_code"), "users", ["kecamatan_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_kecamatan_code"), table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("kecamatan_code")
