"""identity requests: a handler asks, the custodian decides

Revision ID: mesra_0002
Revises: mesra_0001
Create Date: 2026-12-02 08:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'mesra_0002'
down_revision = 'mesra_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mesra_identity_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('reason_enc', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('note_enc', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['mesra_report.id'], name=op.f('fk_mesra_identity_request_report_id_mesra_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mesra_identity_request'))
    )
    with op.batch_alter_table('mesra_identity_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mesra_identity_request_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mesra_identity_request_requested_by'), ['requested_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_mesra_identity_request_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mesra_identity_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mesra_identity_request_status'))
        batch_op.drop_index(batch_op.f('ix_mesra_identity_request_requested_by'))
        batch_op.drop_index(batch_op.f('ix_mesra_identity_request_report_id'))
    op.drop_table('mesra_identity_request')
