"""evidence events name the period they count for; analysts' judgements per chapter and Party

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence_events', schema=None) as batch_op:
        # a year ("2023") or a date range ("2023-01-01/2023-12-31"); NULL = the year of event_date
        batch_op.add_column(sa.Column('period', sa.String(length=21), nullable=True))
    op.create_table(
        'judgements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('chapter', sa.String(length=4), nullable=False),
        sa.Column('party', sa.String(length=2), nullable=False),
        sa.Column('rating', sa.String(length=5), nullable=False),
        sa.Column('rationale', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('judged_on', sa.Date(), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.Column('confidential', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_judgements_chapter_party', 'judgements', ['chapter', 'party', 'judged_on'])


def downgrade() -> None:
    op.drop_index('ix_judgements_chapter_party', table_name='judgements')
    op.drop_table('judgements')
    with op.batch_alter_table('evidence_events', schema=None) as batch_op:
        batch_op.drop_column('period')
