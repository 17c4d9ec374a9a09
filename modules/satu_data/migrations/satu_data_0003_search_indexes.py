"""indexes for the CKAN filters of package_search

Revision ID: satu_data_0003
Revises: satu_data_0002
Create Date: 2026-12-02 15:30:00

``fq`` terms are SQL conditions: ``organization:`` an equality (a b-tree on both backends);
``tags:``, ``groups:``, ``res_format:`` and ``year:`` on PostgreSQL
``string_to_array(column, '|') @> ARRAY[value]``, which a GIN index on that exact expression
answers. SQLite keeps its LIKE on the ``|a|b|`` lists.
"""

from alembic import op

revision = "satu_data_0003"
down_revision = "satu_data_0002"
branch_labels = None
depends_on = None

LISTS = ("tags_text", "groups_text", "formats_text", "years_text")


def upgrade() -> None:
    op.create_index(op.f("ix_satu_data_dataset_organization"), "satu_data_dataset", ["organization"], unique=False)
    if op.get_context().dialect.name == "postgresql":
        for column in LISTS:
            op.execute(f"CREATE INDEX ix_satu_data_dataset_{column} ON satu_data_dataset "
                       f"USING gin (string_to_array({column}, '|'))")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for column in LISTS:
            op.execute(f"DROP INDEX ix_satu_data_dataset_{column}")
    op.drop_index(op.f("ix_satu_data_dataset_organization"), table_name="satu_data_dataset")
