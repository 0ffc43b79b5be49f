"""Whether a chain holds, without recomputing it on every view of the logboek.

Each chain has a checkpoint (`ChainCheckpoint`): the last link found intact, when, and when the whole chain was
last recomputed. `cached_verdict` (the logboek) recomputes only the links added since the checkpoint and moves
it on; with nothing added it reads two rows. `full_verdict` (`naleving verify`) recomputes the whole chain from
the first link, so it also sees a row changed before the checkpoint, and records what it found. A break, once
found, stays the verdict until a full check finds the chain intact again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from core import clock
from core.chain import ChainCheckpoint, head_of, verify_chain
from core.dbtypes import table_of


@dataclass(frozen=True)
class Verdict:
    """What the last check of a chain found: up to which link, when, and the first break (empty: intact)."""

    links: int
    checked_at: datetime
    full_at: datetime | None
    problem: str

    @property
    def intact(self) -> bool:
        return not self.problem


def _checkpoint(connection: Connection, key: int) -> tuple[Verdict, tuple[int, str]] | None:
    table = table_of(ChainCheckpoint)
    row = connection.execute(select(table).where(table.c.key == key)).first()
    if row is None:
        return None
    return Verdict(row.seq, row.checked_at, row.full_at, row.problem), (row.seq, row.hash)


def _save(connection: Connection, key: int, link: tuple[int, str], full: bool, problem: str) -> Verdict:
    table = table_of(ChainCheckpoint)
    now = clock.now()
    values = {"key": key, "seq": link[0], "hash": link[1], "checked_at": now, "problem": problem[:500]}
    if full:
        values["full_at"] = now
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(**values)
    changed = {name: value for name, value in values.items() if name != "key"}
    connection.execute(statement.on_conflict_do_update(index_elements=["key"], set_=changed))
    row = connection.execute(select(table.c.full_at).where(table.c.key == key)).one()
    return Verdict(link[0], now, row.full_at, problem[:500])


def cached_verdict(connection: Connection, key: int) -> Verdict:
    """The chain's verdict, checking only the links added since its checkpoint (the caller commits)."""
    found = _checkpoint(connection, key)
    head = head_of(connection, key)
    if found is not None:
        verdict, link = found
        if verdict.problem or link == head:
            return verdict
        if link[0] < head[0]:
            problem = verify_chain(connection, key, start=link)
            if problem is None:
                return _save(connection, key, head, False, "")
            return _save(connection, key, link, False, problem.describe())
    return full_verdict(connection, key)


def full_verdict(connection: Connection, key: int) -> Verdict:
    """Recompute the whole chain and record the verdict (the caller commits)."""
    problem = verify_chain(connection, key)
    return _save(connection, key, head_of(connection, key), True, problem.describe() if problem else "")
