"""database identity: a random token of the database's present contents (core.database_identity)

Revision ID: 0026_dash_database_identity
Revises: 0025_report_language
Create Date: 2026-12-02

One row, made here and made anew by `naleving restore`: what a process keeps under the rows' counts and newest
ids (the dashboard's compliance trend) is kept under this database's token too, so a restored database that
repeats ids with other rows is not taken for the one before it.
"""

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0026_dash_database_identity"
down_revision = "0025_report_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16)}])


def downgrade() -> None:
    op.drop_table("database_identity")
