"""publish: an organisation opts in to the public VvT; an answer's public explanation

Revision ID: 0019_publish
Revises: 0023_together
Create Date: 2026-12-01

`answerrevision.public_explanation` is nullable and declared added later to its chain (core.chain.history(..., added=...)): the
revisions that exist keep NULL, which the chain leaves out, so their links still verify. Adding a column keeps
the append-only triggers on both databases (SQLite adds it in place).
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_publish"
down_revision = "0023_together"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "organisation", sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("answerrevision", sa.Column("public_explanation", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("published")
    dialect = op.get_bind().dialect.name
    from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

    for statement in allow_changes_ddl("answerrevision", dialect):
        op.execute(statement)
    with op.batch_alter_table("answerrevision", schema=None) as batch_op:
        batch_op.drop_column("public_explanation")
    for statement in refuse_changes_ddl("answerrevision", dialect):
        op.execute(statement)
