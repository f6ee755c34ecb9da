"""Review team members without accounts, and the names the report prints for the team

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "printed_team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role_title", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_printed_team_member_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_team_member")),
    )
    with op.batch_alter_table("printed_team_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_printed_team_member_review_id"), ["review_id"], unique=False
        )
    with op.batch_alter_table("review_membership", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("printed_name", sa.String(length=200), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("review_membership", schema=None) as batch_op:
        batch_op.drop_column("printed_name")
    with op.batch_alter_table("printed_team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printed_team_member_review_id"))
    op.drop_table("printed_team_member")
