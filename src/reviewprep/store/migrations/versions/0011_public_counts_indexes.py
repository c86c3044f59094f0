"""indexes on (source_file_id, confidential) of submissions and evidence events: a public
report counts each file's public inputs from them instead of reading every row

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index('ix_submissions_file_confidential', ['source_file_id', 'confidential'], unique=False)
    with op.batch_alter_table('evidence_events', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_events_file_confidential', ['source_file_id', 'confidential'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evidence_events', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_events_file_confidential')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_file_confidential')
