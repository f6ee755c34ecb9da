"""The Board's approval of publication (who, when, minute reference)

Revision ID: 0007
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("approved_by", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("approval_minute", sa.String(100), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("review") as batch:
        batch.drop_column("approval_minute")
        batch.drop_column("approved_on")
        batch.drop_column("approved_by")
