"""Tamper evidence: every history row is a link in its organisation's hash chain.

A history table joins with one line, `history(table_of(Model))` (append-only and chained), and its model takes
the `Chained` columns. When a session flushes new rows of such a table, each row gets the next number of its
organisation's chain (`chain_seq`) and `chain_hash` = SHA-256 over the previous link's hash and the row's
canonical content (every column but the id and the hash itself). The chain's head (`ChainHead`, one row per
organisation, key 0 for events without one) is locked while it moves on (SELECT ... FOR UPDATE on PostgreSQL;
SQLite has one writer at a time), so two writers never fork a chain. `verify_chain` recomputes a chain and
names the first row that does not match; from a `ChainCheckpoint` (the last link found intact) it checks only the
links after it (`core.chain_verdict`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Column, Float, Numeric, Table, event, select
from sqlalchemy import insert as sql_insert
from sqlalchemy import update as sql_update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel

from core.dbtypes import append_only, table_of

GENESIS = "0" * 64
PLATFORM = 0  # the chain of events that belong to no organisation (logins, the catalogue from the CLI)
SKIPPED = ("id", "chain_hash")


class Chained(SQLModel):
    """The columns of a chained history row (a model inherits them)."""

    chain_seq: int = Field(default=0)
    chain_hash: str = Field(default="", max_length=64)


class ChainHead(SQLModel, table=True):
    """The newest link of each organisation's chain: its number and hash (locked while the chain grows)."""

    __tablename__ = "chain_head"

    key: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # organisation id, 0: none
    seq: int = Field(default=0)
    hash: str = Field(default=GENESIS, max_length=64)


class ChainCheckpoint(SQLModel, table=True):
    """The last verdict on each chain: up to which link (`seq`, `hash`) it was found intact, when, when the
    whole chain was last recomputed, and the first break found (empty: it held)."""

    __tablename__ = "chain_checkpoint"

    key: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # as ChainHead.key
    seq: int = Field(default=0)
    hash: str = Field(default=GENESIS, max_length=64)
    checked_at: datetime
    full_at: datetime | None = None
    problem: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class Link:
    """How a chained table finds a row's organisation: a column of its own, or (with `parent`) a foreign key
    to a table that has an `organisation_id` (an answer revision's answer, a risk revision's risk)."""

    table: Table
    organisation: str = "organisation_id"
    parent: str | None = None


REGISTRY: dict[str, Link] = {}


def chained(table: Table, *, organisation: str = "organisation_id", parent: str | None = None) -> Table:
    REGISTRY[table.name] = Link(table, organisation, parent)
    return table


def history(
    table: Table,
    *,
    organisation: str = "organisation_id",
    parent: str | None = None,
    added: tuple[str, ...] = (),
) -> Table:
    """Declare a history table: the database refuses UPDATE and DELETE, and each row joins the chain.
    `added`: nullable columns added after rows were chained; hashed only when they hold a value, so the links
    of the rows from before stay true."""
    table.info["chain_added"] = added
    return chained(append_only(table), organisation=organisation, parent=parent)


def _plain(value: Any, column: Column[Any] | None) -> Any:
    if value is None:
        return None
    if (
        column is not None
        and isinstance(column.type, (Float, Numeric))
        or isinstance(value, (float, Decimal))
    ):
        return repr(float(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, (bool, int, str)):
        return value
    return str(value)


def canonical(table: Table, row: Mapping[str, Any], key: int) -> bytes:
    """The row's content as the chain hashes it: sorted JSON of every column but the id and the hash."""
    added = table.info.get("chain_added", ())  # columns added after rows were chained count only when filled
    values = {
        name: _plain(row[name], table.c.get(name))
        for name in sorted(row)
        if name not in SKIPPED and not (name in added and row[name] is None)
    }
    document = {"table": table.name, "organisation": key, "row": values}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(previous: str, table: Table, row: Mapping[str, Any], key: int) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + canonical(table, row, key)).hexdigest()


# --- growing the chain when a session flushes new rows


def _values_of(table: Table, obj: Any) -> dict[str, Any]:
    values = {}
    for column in table.columns:
        value = getattr(obj, column.key, None)
        if value is None and column.default is not None and getattr(column.default, "is_scalar", False):
            value = column.default.arg  # type: ignore[attr-defined]
        values[column.key] = value
    return values


def _parent_organisations(connection: Connection, parent: Table, ids: set[int]) -> dict[int, int]:
    rows = connection.execute(select(parent.c.id, parent.c.organisation_id).where(parent.c.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def _keys_of(connection: Connection, items: Sequence[tuple[Link, Any]]) -> list[int]:
    """The chain key of each new row, looking parents up in one query per parent table."""
    wanted: dict[str, set[int]] = {}
    for link, obj in items:
        if link.parent is not None:
            wanted.setdefault(link.parent, set()).add(getattr(obj, link.organisation))
    found = {
        name: _parent_organisations(connection, link_table(connection, name), ids)
        for name, ids in wanted.items()
    }
    keys = []
    for link, obj in items:
        value = getattr(obj, link.organisation)
        if link.parent is not None:
            if value not in found[link.parent]:
                raise ValueError(f"{link.table.name}: flush the {link.parent} row before its history")
            value = found[link.parent][value]
        keys.append(value or PLATFORM)
    return keys


def link_table(connection: Connection, name: str) -> Table:
    return SQLModel.metadata.tables[name]


def take_head(connection: Connection, key: int) -> tuple[int, str]:
    """Lock the head of chain `key` for this transaction (made when missing) and return (seq, hash)."""
    head = table_of(ChainHead)
    values = {"key": key, "seq": 0, "hash": GENESIS}
    if connection.dialect.name == "postgresql":
        # imported here: PostgreSQL's dialect is a tenth of a command's start-up on SQLite (benchmarks/startup.py)
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        connection.execute(pg_insert(head).values(**values).on_conflict_do_nothing())
    else:
        connection.execute(sql_insert(head).values(**values).prefix_with("OR IGNORE"))
    row = connection.execute(select(head.c.seq, head.c.hash).where(head.c.key == key).with_for_update()).one()
    return int(row[0]), str(row[1])


def move_head(connection: Connection, key: int, seq: int, hash: str) -> None:
    head = table_of(ChainHead)
    connection.execute(sql_update(head).where(head.c.key == key).values(seq=seq, hash=hash))


@event.listens_for(OrmSession, "before_flush")
def _seal_new_rows(flushing: OrmSession, _context: object, _instances: object) -> None:
    """Give the new history rows of a flush their links (SQLAlchemy calls this with the session, positionally)."""
    items = [
        (REGISTRY[name], obj)
        for obj in list(flushing.new)
        if (name := getattr(getattr(type(obj), "__table__", None), "name", None)) in REGISTRY
    ]
    if not items:
        return
    connection = flushing.connection()
    keys = _keys_of(connection, items)
    heads: dict[int, tuple[int, str]] = {}
    for (link, obj), key in zip(items, keys, strict=True):
        seq, previous = heads[key] if key in heads else take_head(connection, key)
        obj.chain_seq = seq + 1
        obj.chain_hash = link_hash(previous, link.table, _values_of(link.table, obj), key)
        heads[key] = (obj.chain_seq, obj.chain_hash)
    for key, (seq, hash) in heads.items():
        move_head(connection, key, seq, hash)


# --- reading a chain back


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not match: which row, and why."""

    key: int
    table: str
    row_id: int | None
    seq: int
    reason: str

    def describe(self) -> str:
        where = f"{self.table} #{self.row_id}" if self.row_id is not None else self.table
        return f"{where} (schakel {self.seq}): {self.reason}"


def _rows_of(
    connection: Connection,
    link: Link,
    key: int,
    tables: Mapping[str, Table],
    between: tuple[int, int] | None = None,
) -> list[dict[str, Any]]:
    table = tables[link.table.name]
    query = select(table)
    if between is not None:
        query = query.where(table.c.chain_seq > between[0], table.c.chain_seq <= between[1])
    if link.parent is None:
        column = table.c[link.organisation]
        query = query.where(column.is_(None) if key == PLATFORM else column == key)
    else:
        parent = tables[link.parent]
        query = query.join(parent, parent.c.id == table.c[link.organisation]).where(
            parent.c.organisation_id == key
        )
    return [dict(row._mapping) for row in connection.execute(query)]


def chain_rows(
    connection: Connection,
    key: int,
    tables: Mapping[str, Table] | None = None,
    between: tuple[int, int] | None = None,
) -> list[tuple[Table, dict[str, Any]]]:
    """Every row of chain `key`, in the chain's order (rows not sealed yet, seq 0, first); with `between`
    (after, last) only the links numbered after `after` up to `last`."""
    tables = tables or SQLModel.metadata.tables
    rows = [
        (tables[name], row)
        for name, link in REGISTRY.items()
        if name in tables  # a migration sees the tables of its own time
        for row in _rows_of(connection, link, key, tables, between)
    ]
    return sorted(rows, key=lambda item: (item[1]["chain_seq"], item[0].name, item[1]["id"]))


def chain_keys(connection: Connection) -> list[int]:
    head = table_of(ChainHead)
    return [int(key) for key in connection.execute(select(head.c.key).order_by(head.c.key)).scalars()]


def head_of(connection: Connection, key: int) -> tuple[int, str]:
    """The newest link of chain `key` as its head records it (0 and the genesis hash when it has none)."""
    head = table_of(ChainHead)
    stored = connection.execute(select(head.c.seq, head.c.hash).where(head.c.key == key)).first()
    return (int(stored[0]), str(stored[1])) if stored else (0, GENESIS)


def verify_chain(connection: Connection, key: int, start: tuple[int, str] | None = None) -> Break | None:
    """Recompute chain `key`; the first row whose number or hash does not match, or None when intact.

    From `start` (a link found intact before: its number and hash) only the links after it up to the head are
    recomputed: rows before it, or beyond the head, are then not looked at (a full check sees them)."""
    head_seq, head_hash = head_of(connection, key)
    seq, previous = start or (0, GENESIS)
    between = (seq, head_seq) if start is not None else None
    for table, row in chain_rows(connection, key, between=between):
        seq += 1
        if row["chain_seq"] != seq:
            return Break(
                key, table.name, row["id"], seq, f"schakel {seq} ontbreekt (gevonden: {row['chain_seq']})"
            )
        expected = link_hash(previous, table, row, key)
        if row["chain_hash"] != expected:
            return Break(key, table.name, row["id"], seq, "inhoud of hash komt niet overeen")
        previous = expected
    if (head_seq, head_hash) != (seq, previous):
        return Break(
            key, "chain_head", None, head_seq, f"de keten eindigt bij schakel {seq}, de kop zegt {head_seq}"
        )
    return None


def seal_existing(connection: Connection, tables: Mapping[str, Table], keys: Iterable[int]) -> None:
    """Chain rows that have no link yet (a migration for tables that existed before the chain), in the order
    of table and id, after the links that exist; `tables` are the tables as the migration sees them."""
    for key in keys:
        seq, previous = take_head(connection, key)
        for table, row in chain_rows(connection, key, tables):
            if row["chain_seq"]:
                continue
            seq += 1
            row["chain_seq"] = seq
            previous = link_hash(previous, table, row, key)
            connection.execute(
                sql_update(table).where(table.c.id == row["id"]).values(chain_seq=seq, chain_hash=previous)
            )
        move_head(connection, key, seq, previous)
