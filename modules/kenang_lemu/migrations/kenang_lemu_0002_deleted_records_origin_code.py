"""OAI-PMH deleted records (tombstones) and the Kemendagri code of an object's origin

Revision ID: kenang_lemu_0002
Revises: kenang_lemu_0001
Create Date: 2026-12-02 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "kenang_lemu_0002"
down_revision = "kenang_lemu_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kenang_lemu_deleted_record",
        sa.Column("object_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("set_spec", sa.String(length=60), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("object_id", name=op.f("pk_kenang_lemu_deleted_record")),
    )
    with op.batch_alter_table("kenang_lemu_deleted_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kenang_lemu_deleted_record_deleted_at"), ["deleted_at"], unique=False)
    with op.batch_alter_table("kenang_lemu_object", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_code", sa.String(length=20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("kenang_lemu_object", schema=None) as batch_op:
        batch_op.drop_column("origin_code")
    with op.batch_alter_table("kenang_lemu_deleted_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kenang_lemu_deleted_record_deleted_at"))
    op.drop_table("kenang_lemu_deleted_record")
