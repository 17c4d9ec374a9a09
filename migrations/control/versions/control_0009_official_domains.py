"""official email domains per region (onboarding auto-approval)

Revision ID: control_0009
Revises: control_0008
Create Date: 2026-12-02 07:10:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "control_0009"
down_revision = "control_0008"
branch_labels = None
depends_on = None

# The demo regions' own domains; staff maintain the list in the console from then on.
SEED = (("deliserdangkab.go.id", "12.07"), ("binjaikota.go.id", "12.75"))


def upgrade() -> None:
    table = op.create_table(
        "onboarding_official_domains",
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_onboarding_official_domains")),
    )
    op.create_index(op.f("ix_onboarding_official_domains_region_code"), "onboarding_official_domains",
                    ["region_code"], unique=False)
    now = datetime.now(UTC)
    op.bulk_insert(table, [{"domain": domain, "region_code": code, "created_at": now} for domain, code in SEED])


def downgrade() -> None:
    op.drop_index(op.f("ix_onboarding_official_domains_region_code"), table_name="onboarding_official_domains")
    op.drop_table("onboarding_official_domains")
