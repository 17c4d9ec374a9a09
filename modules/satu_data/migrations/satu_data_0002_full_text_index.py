"""full-text index of published datasets (PostgreSQL)

Revision ID: satu_data_0002
Revises: satu_data_0001
Create Date: 2026-12-02 04:10:00

The search runs ``to_tsvector('simple'::regconfig, search_text) @@ plainto_tsquery(…)``; a GIN
index on that exact expression spares computing it for every row. SQLite searches with LIKE
and gets no index.
"""

from alembic import op

revision = "satu_data_0002"
down_revision = "satu_data_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_satu_data_dataset_fts ON satu_data_dataset "
                   "USING gin (to_tsvector('simple'::regconfig, search_text))")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_satu_data_dataset_fts")
