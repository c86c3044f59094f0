"""written submissions, detected language and named Parties, quarantine retries and id conflicts

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('source_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_member', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('title', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('extraction', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ocr_confidence', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('parties_named', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('language_source', sa.String(length=10), server_default='declared',
                                      nullable=False))
        batch_op.add_column(sa.Column('inferred', sa.JSON(), nullable=True))
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('conflicts_with', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_quarantine_conflict', 'submissions', ['conflicts_with'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_constraint('fk_quarantine_conflict', type_='foreignkey')
        batch_op.drop_column('conflicts_with')
        batch_op.drop_column('resolution')
        batch_op.drop_column('resolved_at')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        for column in ('inferred', 'language_source', 'parties_named', 'ocr_confidence', 'extraction',
                       'title', 'source_member'):
            batch_op.drop_column(column)
    with op.batch_alter_table('source_files', schema=None) as batch_op:
        batch_op.drop_column('resolved')
