"""filed_by: the village operator who filed a registration on behalf of a citizen

Revision ID: jus_melon_0002
Revises: jus_melon_0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "jus_melon_0002"
down_revision = "jus_melon_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jus_melon_business") as batch:
        batch.add_column(sa.Column("filed_by_user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_jus_melon_business_filed_by_user_id_users"), "users",
                                 ["filed_by_user_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("jus_melon_business") as batch:
        batch.drop_constraint(op.f("fk_jus_melon_business_filed_by_user_id_users"), type_="foreignkey")
        batch.drop_column("filed_by_user_id")
