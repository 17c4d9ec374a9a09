"""drafts: an announcement can be kept unpublished (written, or withdrawn)

Revision ID: pengumuman_0002
Revises: pengumuman_0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from kiblat.migrations.column_ops import add_column_with_default

revision = "pengumuman_0002"
down_revision = "pengumuman_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_column_with_default("pengumuman_announcement",
                            sa.Column("is_draft", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("pengumuman_announcement",
                  sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pengumuman_announcement") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("is_draft")
