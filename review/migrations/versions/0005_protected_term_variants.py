"""Variants of a protected term: nicknames and other spellings, one a line

Revision ID: 0005
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("protected_term", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variants", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("protected_term", schema=None) as batch_op:
        batch_op.drop_column("variants")
