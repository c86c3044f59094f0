"""people in the loop: immutable report versions, approvals bound to a file's SHA-256, deliveries
that record the version sent, submission corrections and withdrawals, and an audit log

Revision ID: 0006
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('pdf_path', sa.String(length=1000), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('inputs_hash', sa.String(length=64), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['score_runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_key', 'sha256', name='uq_report_version_sha'),
    sa.UniqueConstraint('report_key', 'version', name='uq_report_version')
    )
    op.create_table('approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('flow_run_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_key', 'sha256', name='uq_approval')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reissue_reason', sa.Text(), server_default='', nullable=False))
        batch_op.drop_constraint('uq_delivery', type_='unique')
        batch_op.create_unique_constraint('uq_delivery', ['report_key', 'recipient', 'version'])
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='current', nullable=False))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('status_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key('fk_submission_replaces', 'submissions', ['replaces_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_submission_replaces', type_='foreignkey')
        for column in ('status_at', 'status_reason', 'replaces_id', 'status'):
            batch_op.drop_column(column)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint('uq_delivery', type_='unique')
        batch_op.create_unique_constraint('uq_delivery', ['report_key', 'recipient'])
        for column in ('reissue_reason', 'sha256', 'version'):
            batch_op.drop_column(column)
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
    op.drop_table('audit_log')
    op.drop_table('approvals')
    op.drop_table('report_versions')
