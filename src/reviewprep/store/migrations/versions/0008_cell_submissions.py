"""cell scores keep their contributing submissions as packed arrays, read per cell on demand

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cell_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_ids', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('submission_shares', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cell_scores', schema=None) as batch_op:
        batch_op.drop_column('submission_shares')
        batch_op.drop_column('submission_ids')
