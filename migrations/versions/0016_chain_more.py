"""chain the history tables of this round's other areas: shared services, the improvement plan, incidents, the
scope register

Revision ID: 0016_chain_more
Revises: 0015
Create Date: 2026-12-01

The areas' own migrations made these tables append-only; here they join the hash chain of 0006_record: the
triggers are lifted, `chain_seq` and `chain_hash` added, the rows that exist chained after each chain's newest
link (core.chain.seal_existing), and the triggers put back.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

revision = "0016_chain_more"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = (
    "shared_service_revision",
    "action_revision",
    "soa_adoption",
    "reminder_mail",
    "incident_revision",
    "incident_message",
    "board_training",
    "scope_item_revision",
    "quickscan",
    "scope_statement",
)
PARENTS = ("action", "incident", "scope_item")


def _refuse(tables) -> None:
    dialect = op.get_bind().dialect.name
    for table in tables:
        for statement in refuse_changes_ddl(table, dialect):
            op.execute(statement)


def _allow(tables) -> None:
    dialect = op.get_bind().dialect.name
    for table in tables:
        for statement in allow_changes_ddl(table, dialect):
            op.execute(statement)


def upgrade() -> None:
    _allow(TABLES)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=False, server_default="0"))
            batch_op.add_column(
                sa.Column(
                    "chain_hash",
                    sqlmodel.sql.sqltypes.AutoString(length=64),
                    nullable=False,
                    server_default="",
                )
            )
    _seal()
    _refuse(TABLES)


def _seal() -> None:
    """Chain the rows that exist, with the tables as they are now (reflected, not the models of later code)."""
    from core.chain import PLATFORM, seal_existing

    connection = op.get_bind()
    metadata = sa.MetaData()
    names = (*TABLES, *PARENTS)
    tables = {name: sa.Table(name, metadata, autoload_with=connection) for name in names}
    keys = [PLATFORM, *connection.execute(sa.text("SELECT id FROM organisation ORDER BY id")).scalars()]
    seal_existing(connection, tables, keys)


def downgrade() -> None:
    _allow(TABLES)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("chain_hash")
            batch_op.drop_column("chain_seq")
    _refuse(TABLES)
