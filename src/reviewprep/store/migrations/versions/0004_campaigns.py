"""campaigns: each text submission's group (form-letter detection), campaign summaries, and
regulations.gov's Duplicate Comments count on a submission

Revision ID: 0004
Revises: 0005 (landed before it)
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_count', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'campaign_letters',
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('group_key', sa.String(length=64), nullable=False),
        sa.Column('similarity', sa.Float(), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=True),
        sa.Column('addition', sa.Text(), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ),
        sa.PrimaryKeyConstraint('submission_id'),
    )
    with op.batch_alter_table('campaign_letters', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_letters_group_key', ['group_key'], unique=False)
    op.create_table(
        'campaigns',
        sa.Column('id', sa.String(length=12), nullable=False),
        sa.Column('group_key', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('signatories', sa.Integer(), nullable=False),
        sa.Column('template', sa.Text(), nullable=False),
        sa.Column('first_on', sa.Date(), nullable=False),
        sa.Column('last_on', sa.Date(), nullable=False),
        sa.Column('codes', sa.JSON(), nullable=False),
        sa.Column('detected_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('group_key', name='uq_campaign_group'),
    )


def downgrade() -> None:
    op.drop_table('campaigns')
    with op.batch_alter_table('campaign_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_letters_group_key')
    op.drop_table('campaign_letters')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('duplicate_count')
