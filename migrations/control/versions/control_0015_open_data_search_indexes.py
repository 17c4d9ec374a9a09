"""full-text and list indexes of the national open-data catalogue (PostgreSQL)

Revision ID: control_0015
Revises: control_0014
Create Date: 2026-12-02 17:00:00

The national catalogue searches ``open_data_index`` as a regency searches its own datasets
(satu_data_0002/0003): ``to_tsvector('simple', search_text)`` for ``q`` and
``string_to_array(<list>, '|') @> ARRAY[…]`` for ``fq`` on tags, groups, formats and years.
GIN indexes on those exact expressions keep a search over every regency's datasets from
computing them row by row. SQLite searches with LIKE and gets no index.
"""

from alembic import op

revision = "control_0015"
down_revision = "control_0014"
branch_labels = None
depends_on = None

LISTS = ("tags_text", "groups_text", "formats_text", "years_text")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_open_data_index_fts ON open_data_index "
               "USING gin (to_tsvector('simple'::regconfig, search_text))")
    for column in LISTS:
        op.execute(f"CREATE INDEX ix_open_data_index_{column} ON open_data_index "
                   f"USING gin (string_to_array({column}, '|'))")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for column in ("fts", *LISTS):
        op.execute(f"DROP INDEX ix_open_data_index_{column}")
