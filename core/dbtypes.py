"""Small column and table helpers shared by the domain tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import DDL, CheckConstraint, Table, event, text
from sqlalchemy.engine import Connection


class HasId(Protocol):
    id: int | None


def id_of(row: HasId) -> int:
    """The primary key of a stored row (SQLModel types ids `int | None` until the row is flushed)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def table_of(model: type[Any]) -> Table:
    """The table of a SQLModel class (SQLModel sets `__table__` at runtime, its type stubs do not say so)."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def enum_check(column: str, enum: type[StrEnum], *, name: str | None = None) -> CheckConstraint:
    """A CHECK constraint so the database itself refuses values outside the enum."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"ck_{column}_allowed")


APPEND_ONLY_MESSAGE = "append-only: rows of this table never change"
REFUSE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION naleving_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$"
)


def refuse_changes_ddl(table: str, dialect: str) -> list[str]:
    """The statements that make the database refuse UPDATE and DELETE on `table`."""
    if dialect == "postgresql":
        return [
            REFUSE_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION naleving_refuse_change()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{event} BEFORE {event.upper()} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        for event in ("update", "delete")
    ]


def allow_changes_ddl(table: str, dialect: str) -> list[str]:
    """The statements that lift `refuse_changes_ddl` (the function stays for other tables)."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{event}" for event in ("update", "delete")]


def append_only(table: Table) -> Table:
    """Declare `table` append-only: created with triggers that refuse UPDATE and DELETE (SQLite, PostgreSQL).

    A migration that creates the table writes the same statements out (see migrations/versions/0003_risk.py).
    """
    table.info["append_only"] = True
    for dialect in ("postgresql", "sqlite"):
        for statement in refuse_changes_ddl(table.name, dialect):
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))  # type: ignore[no-untyped-call]
    return table


@contextmanager
def changes_allowed(connection: Connection, tables: Iterable[Table]) -> Iterator[None]:
    """Inside one transaction, lift the append-only guard of `tables` and put it back: only for replacing all
    data at once (restoring a backup). Both SQLite and PostgreSQL roll the DDL back with the transaction."""
    dialect = connection.dialect.name
    guarded = [table.name for table in tables if table.info.get("append_only")]
    for name in guarded:
        for statement in allow_changes_ddl(name, dialect):
            connection.execute(text(statement))
    yield
    for name in guarded:
        for statement in refuse_changes_ddl(name, dialect):
            connection.execute(text(statement))


def _trigger_names(table: str, dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"{table}_append_only"]
    return [f"{table}_no_{event}" for event in ("update", "delete")]


def missing_guards(connection: Connection, tables: Iterable[Table]) -> list[str]:
    """The append-only tables whose triggers are (partly) missing, e.g. after a driver dropped them."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    present = set(connection.execute(text(query)).scalars())
    return [
        table.name
        for table in tables
        if table.info.get("append_only") and not set(_trigger_names(table.name, dialect)) <= present
    ]


def restore_guards(connection: Connection, tables: Iterable[Table]) -> list[str]:
    """Create the missing append-only triggers again (idempotent); the names of the tables it repaired."""
    dialect = connection.dialect.name
    repaired = missing_guards(connection, tables)
    for name in repaired:
        for statement in allow_changes_ddl(name, dialect) + refuse_changes_ddl(name, dialect):
            connection.execute(text(statement))
    return repaired
