"""Which database this is: a random token made with the schema (`naleving init`, a test's `create_all`) and made
anew whenever the rows are replaced (`naleving restore`, a test's emptied database), so that a figure a process
keeps under the rows' counts and newest ids (controls.trend) is never taken for that of another database, or of
a restored one, that repeats those ids with other rows. On PostgreSQL the row's `xmin` (the transaction that
wrote it) is part of the identity too: rows put back by other means (COPY, pg_restore) give another one, even with
the same token. Whoever replaces rows by hand on SQLite (or copies another database file over a running
installation's) calls `renew_database_identity`. Without the row there is no identity (None), and nothing is
kept."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Connection, delete, event, insert, literal_column, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Field, SQLModel

from core.dbtypes import table_of

TOKEN_LENGTH = 32


class DatabaseIdentity(SQLModel, table=True):
    """One row: the token of this database's present contents."""

    __tablename__ = "database_identity"

    id: int = Field(default=1, primary_key=True)
    token: str = Field(max_length=TOKEN_LENGTH)


def database_identity(dialect: str) -> ColumnElement[Any]:
    """The identity as a scalar subquery, to be asked within a statement that reads something else."""
    token: ColumnElement[Any] = table_of(DatabaseIdentity).c.token
    if dialect == "postgresql":
        token = token + literal_column("CAST(xmin AS text)")
    return select(token).limit(1).scalar_subquery()


def renew_database_identity(connection: Connection) -> None:
    """A new token, in the caller's transaction: after the rows were replaced."""
    table = table_of(DatabaseIdentity)
    connection.execute(delete(table))
    connection.execute(insert(table).values(id=1, token=secrets.token_hex(TOKEN_LENGTH // 2)))


@event.listens_for(table_of(DatabaseIdentity), "after_create")
def _first_identity(_table: Any, connection: Connection, **_kwargs: Any) -> None:
    renew_database_identity(connection)
