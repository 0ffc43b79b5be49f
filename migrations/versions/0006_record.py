"""record: every history table append-only and chained per organisation; evidence removal as a row of its own

Revision ID: 0006_record
Revises: 0009_identity
Create Date: 2026-12-01

Each history table gets `chain_seq` and `chain_hash`; the rows that exist are chained here (per organisation,
in the order of table and id, see core.chain.seal_existing) and `chain_head` keeps each chain's newest link.
`evidence.removed_*` move to `evidence_removal`, so evidence rows never change. Then the database refuses
UPDATE and DELETE on every history table (core.dbtypes.refuse_changes_ddl, as in 0003).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

revision = "0006_record"
down_revision = "0009_identity"
branch_labels = None
depends_on = None

CHAINED = ("answerrevision", "auditevent", "evidence", "pc_snapshot", "report", "risk_revision")
HISTORY = (*CHAINED, "evidence_removal")
GUARDED_BEFORE = ("risk_revision", "pc_snapshot")  # 0003 made these append-only


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


def _chain_columns(batch_op) -> None:
    batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=False, server_default="0"))
    batch_op.add_column(
        sa.Column(
            "chain_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
        )
    )


def upgrade() -> None:
    op.create_table(
        "chain_head",
        sa.Column("key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "evidence_removal",
        sa.Column("chain_seq", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("removed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("removed_by_id", sa.Integer(), nullable=True),
        sa.Column("removed_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["removed_by_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evidence_id"),
    )
    with op.batch_alter_table("evidence_removal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_removal_organisation_id"), ["organisation_id"], unique=False
        )
    op.execute(
        "INSERT INTO evidence_removal (chain_seq, chain_hash, evidence_id, organisation_id, removed_at, "
        "removed_by_id, removed_by_name) SELECT 0, '', id, organisation_id, removed_at, removed_by_id, "
        "removed_by_name FROM evidence WHERE removed_at IS NOT NULL ORDER BY removed_at, id"
    )
    _allow(GUARDED_BEFORE)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("evidence_removed_by_id_fkey", "evidence", type_="foreignkey")
    for table in CHAINED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            _chain_columns(batch_op)
            if table == "evidence":
                batch_op.drop_column("removed_by_id")
                batch_op.drop_column("removed_at")
                batch_op.drop_column("removed_by_name")
    _seal()
    _refuse(HISTORY)


def _seal() -> None:
    """Chain the rows that exist, with the tables as they are now (reflected, not the models of later code)."""
    from core.chain import PLATFORM, seal_existing

    connection = op.get_bind()
    metadata = sa.MetaData()
    tables = {
        name: sa.Table(name, metadata, autoload_with=connection) for name in (*HISTORY, "answer", "risk")
    }
    keys = [PLATFORM, *connection.execute(sa.text("SELECT id FROM organisation ORDER BY id")).scalars()]
    seal_existing(connection, tables, keys)


def downgrade() -> None:
    _allow(HISTORY)
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "removed_by_name",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_foreign_key("evidence_removed_by_id_fkey", "user_account", ["removed_by_id"], ["id"])
    op.execute(
        "UPDATE evidence SET removed_at = (SELECT r.removed_at FROM evidence_removal r WHERE r.evidence_id = evidence.id), "
        "removed_by_id = (SELECT r.removed_by_id FROM evidence_removal r WHERE r.evidence_id = evidence.id), "
        "removed_by_name = COALESCE((SELECT r.removed_by_name FROM evidence_removal r "
        "WHERE r.evidence_id = evidence.id), '')"
    )
    for table in CHAINED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("chain_hash")
            batch_op.drop_column("chain_seq")
    op.drop_table("evidence_removal")
    op.drop_table("chain_head")
    _refuse(GUARDED_BEFORE)
