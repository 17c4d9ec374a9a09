"""A billboard permit is valid for as long as the billboard stands, not one year

The reklame type's "lama pemasangan (hari)" field becomes its validity rule.

Revision ID: sri_deli_0002
Revises: sri_deli_0001
Create Date: 2026-12-02
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "sri_deli_0002"
down_revision = "sri_deli_0001"
branch_labels = None
depends_on = None

permit_type = sa.table("sri_deli_permit_type", sa.column("id", sa.Integer), sa.column("key", sa.String),
                       sa.column("fields", sa.JSON), sa.column("validity_days", sa.Integer))


def _set(marked: bool) -> None:
    bind = op.get_bind()
    for row in bind.execute(sa.select(permit_type).where(permit_type.c.key == "reklame")):
        fields = row.fields if isinstance(row.fields, list) else json.loads(row.fields or "[]")
        if not any(field.get("key") == "lama_hari" for field in fields):
            continue
        for field in fields:
            if field.get("key") == "lama_hari":
                if marked:
                    field["validity"] = "days"
                else:
                    field.pop("validity", None)
        bind.execute(permit_type.update().where(permit_type.c.id == row.id).values(
            fields=fields, validity_days=None if marked else 365))


def upgrade() -> None:
    _set(True)


def downgrade() -> None:
    _set(False)
