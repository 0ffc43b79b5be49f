"""together: an answer revision may name the revision of another organisation's answer it was copied from

Revision ID: 0023_together
Revises: 0024_scale
Create Date: 2026-12-01

`answerrevision.source_revision_id` (nullable, a foreign key to `answerrevision.id`): set by a copy between the
organisations of one CISO (plan.copying). The chain hashes the column only when it is filled
(core.chain.history `added`), so the links of the rows from before stay true. On SQLite the table is rebuilt
(batch mode), which drops its append-only triggers: they are lifted first and put back after.
"""

import sqlalchemy as sa
from alembic import op

from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

revision = "0023_together"
down_revision = "0024_scale"
branch_labels = None
depends_on = None

TABLE = "answerrevision"


def _rebuild(change) -> None:
    dialect = op.get_bind().dialect.name
    for statement in allow_changes_ddl(TABLE, dialect):
        op.execute(statement)
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        change(batch_op)
    for statement in refuse_changes_ddl(TABLE, dialect):
        op.execute(statement)


def upgrade() -> None:
    def add(batch_op) -> None:
        batch_op.add_column(sa.Column("source_revision_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_answerrevision_source_revision_id", TABLE, ["source_revision_id"], ["id"]
        )

    _rebuild(add)


def downgrade() -> None:
    def drop(batch_op) -> None:
        batch_op.drop_constraint("fk_answerrevision_source_revision_id", type_="foreignkey")
        batch_op.drop_column("source_revision_id")

    _rebuild(drop)
