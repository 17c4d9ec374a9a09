"""pins, covers, attachments: an announcement can be pinned until a date, carry a cover image
and PDF attachments

Revision ID: pengumuman_0003
Revises: pengumuman_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from kiblat.migrations.column_ops import add_column_with_default

revision = "pengumuman_0003"
down_revision = "pengumuman_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pengumuman_announcement", sa.Column("pinned_until", sa.DateTime(timezone=True), nullable=True))
    add_column_with_default("pengumuman_announcement",
                            sa.Column("cover_key", sa.String(length=300), nullable=False, server_default=""))
    add_column_with_default("pengumuman_announcement",
                            sa.Column("cover_media_type", sa.String(length=40), nullable=False, server_default=""))
    add_column_with_default("pengumuman_announcement",
                            sa.Column("cover_alt", sa.String(length=300), nullable=False, server_default=""))
    op.add_column("pengumuman_announcement", sa.Column("cover_width", sa.Integer(), nullable=True))
    op.add_column("pengumuman_announcement", sa.Column("cover_height", sa.Integer(), nullable=True))
    op.create_table(
        "pengumuman_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["announcement_id"], ["pengumuman_announcement.id"],
                                name=op.f("fk_pengumuman_attachment_announcement_id_pengumuman_announcement")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pengumuman_attachment")),
    )
    with op.batch_alter_table("pengumuman_attachment") as batch:
        batch.create_index(batch.f("ix_pengumuman_attachment_announcement_id"), ["announcement_id"], unique=False)


def downgrade() -> None:
    op.drop_table("pengumuman_attachment")
    with op.batch_alter_table("pengumuman_announcement") as batch:
        for column in ("cover_height", "cover_width", "cover_alt", "cover_media_type", "cover_key", "pinned_until"):
            batch.drop_column(column)
