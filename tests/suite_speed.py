"""What keeps `make test` within its ten minutes on two cores (docs/architecture.md, "The test suite"), without
changing what a test sees: each test still gets an empty database of its own and an app built from its own config.

- Emptying the PostgreSQL database between tests: TRUNCATE ... CASCADE of the 61 tables took about a second a test
  (it makes new files for every table, and CASCADE from `organisation` reaches them all); deleting the rows with
  the triggers (append-only guards, foreign keys) switched off for that one transaction, and setting the used
  sequences back to their start, leaves the same empty tables in a few milliseconds. Switching triggers off needs
  a superuser; as any other role the suite keeps the TRUNCATE.
- The suite's PostgreSQL database commits without waiting for the WAL on disk (synchronous_commit off): what a
  commit makes visible to other connections, locks, constraints and triggers are the same; only what a server
  crash would keep differs, which no test asks.
- A state many tests start from (the seeded demo, the loaded shipped catalogue) is made once per worker and
  copied into each test's own database (seeded_snapshot): the SQLite file, or on PostgreSQL the rows put back.
- Building an app compiles every URL rule into a Python function (werkzeug generates and compiles its source); that
  was two thirds of the 0.15 s CPU of every test's create_app. The functions of the same rule are the same, so the
  suite compiles each once per process and reuses it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel
from werkzeug.routing.rules import Rule

from core.database_identity import DatabaseIdentity, renew_database_identity
from core.dbtypes import table_of

_BUILDERS: dict[tuple, Callable[..., Any]] = {}
_compile_builder = Rule._compile_builder


def _builder_key(rule: Rule, append_unknown: bool) -> tuple:
    """Everything werkzeug's generated builder depends on: the rule's parts (the trace), its defaults (their names
    are arguments; one in the path is resolved through its converter) and whether unknown arguments are appended."""
    defaults = rule.defaults or {}
    resolved = tuple(
        (name, rule._converters[name].to_url(value))
        for name, value in defaults.items()
        if name in rule._converters
    )
    return (
        rule.rule,
        rule.host,
        rule.subdomain,
        tuple(rule._trace),
        tuple(defaults),
        resolved,
        append_unknown,
    )


def _cached_compile_builder(self: Rule, append_unknown: bool = True) -> Callable[..., Any]:
    key = _builder_key(self, append_unknown)
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = _BUILDERS[key] = _compile_builder(self, append_unknown)
    return builder


def reuse_route_builders() -> None:
    Rule._compile_builder = _cached_compile_builder  # type: ignore[method-assign]


# The tables named in naleving.tables emptied with the triggers off, then every used sequence back at its start.
EMPTY_TABLES = (
    "DO $$ DECLARE name text; BEGIN "
    "PERFORM set_config('session_replication_role', 'replica', true); "
    "FOREACH name IN ARRAY string_to_array(current_setting('naleving.tables'), ',') LOOP "
    "EXECUTE format('DELETE FROM %I', name); END LOOP; "
    "PERFORM setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) "
    "FROM pg_sequences WHERE last_value IS NOT NULL; "
    "END $$"
)


def is_superuser(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_setting('is_superuser')")).scalar() == "on"


def commit_without_waiting_for_disk(admin: Engine, database: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{database}" SET synchronous_commit = off'))


def empty_postgres(engine: Engine, tables: list[str], *, superuser: bool) -> None:
    """Every table empty and every sequence at its start, as after `TRUNCATE ... RESTART IDENTITY CASCADE`; the
    database's identity made anew (the ids will come again, with other rows: core.database_identity)."""
    with engine.begin() as connection:
        if superuser:
            connection.execute(
                text("SELECT set_config('naleving.tables', :names, true)"), {"names": ",".join(tables)}
            )
            connection.execute(text(EMPTY_TABLES))
        else:
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        renew_database_identity(connection)


# A database state made once per worker and given to each test that asks for it (the seeded demo): every
# non-empty table's rows as COPY's binary format and every used sequence's value, put back with the triggers off
# into the emptied database, so the rows, their ids and the sequences are those the seeding left.
@dataclass(frozen=True)
class PostgresSnapshot:
    tables: tuple[tuple[str, bytes], ...]
    sequences: tuple[tuple[str, int], ...]


_EMPTY_BINARY_COPY = 21  # COPY's binary header (19 bytes) and trailer (2): a table without rows


def snapshot_postgres(engine: Engine, tables: list[str]) -> PostgresSnapshot:
    """The rows of `tables` but the database's identity, which the emptied database has anew."""
    kept = []
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        for name in tables:
            if name == table_of(DatabaseIdentity).name:
                continue
            data = bytearray()
            with cursor.copy(f'COPY "{name}" TO STDOUT (FORMAT binary)') as copy:
                for chunk in copy:
                    data += chunk
            if len(data) > _EMPTY_BINARY_COPY:
                kept.append((name, bytes(data)))
        sequences = connection.execute(
            text(
                "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
                "WHERE last_value IS NOT NULL"
            )
        ).all()
        connection.rollback()
    return PostgresSnapshot(tuple(kept), tuple((name, value) for name, value in sequences))


def restore_postgres(engine: Engine, snapshot: PostgresSnapshot) -> None:
    """Into the emptied database (empty_postgres); needs a superuser, as switching the triggers off does."""
    with engine.begin() as connection:
        connection.execute(text("SELECT set_config('session_replication_role', 'replica', true)"))
        cursor = connection.connection.dbapi_connection.cursor()
        for name, data in snapshot.tables:
            with cursor.copy(f'COPY "{name}" FROM STDIN (FORMAT binary)') as copy:
                copy.write(data)
        for name, value in snapshot.sequences:
            connection.execute(
                text("SELECT setval(CAST(:name AS regclass), :value, true)"), {"name": name, "value": value}
            )


@dataclass(frozen=True)
class Snapshot:
    database: Any  # the SQLite file, or the PostgreSQL rows (PostgresSnapshot); None: seeded per test
    instance: Path  # the instance folder the seeding left (the demo's archived reports)


def seeded_snapshot(
    seed: Callable[[str, Path], None],
    test_db: str,
    database_template: str,
    folder: Path,
    fixture: Callable[[str], Any],
) -> Snapshot:
    """Once per worker: `seed(database_url, instance)` run on an empty database and kept. On PostgreSQL it needs
    a superuser (putting rows back with the triggers off): as any other role each test seeds its own."""
    instance = folder / "instance"
    instance.mkdir()
    if test_db == "sqlite":
        path = folder / "seeded.sqlite"
        shutil.copyfile(database_template, path)
        seed(f"sqlite:///{path}", instance)
        return Snapshot(path, instance)
    engine = create_engine(database_template, poolclass=StaticPool)
    if not is_superuser(engine):
        engine.dispose()
        return Snapshot(None, instance)
    fixture("postgres_emptier")()
    seed(database_template, instance)
    snapshot = snapshot_postgres(engine, [table.name for table in SQLModel.metadata.sorted_tables])
    engine.dispose()
    return Snapshot(snapshot, instance)
